/** Machinery of pagent-spring. Not public API: anything here may change in any release. */
@NullMarked
package ai.pagent.spring.internal;

import org.jspecify.annotations.NullMarked;
