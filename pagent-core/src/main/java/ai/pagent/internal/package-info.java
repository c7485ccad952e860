/** Machinery of pagent-core. Not public API: anything here may change in any release. */
@NullMarked
package ai.pagent.internal;

import org.jspecify.annotations.NullMarked;
