/** Machinery of pagent-servlet. Not public API: anything here may change in any release. */
@NullMarked
package ai.pagent.servlet.internal;

import org.jspecify.annotations.NullMarked;
