/** Machinery of pagent-micronaut. Not public API: anything here may change in any release. */
@NullMarked
package ai.pagent.micronaut.internal;

import org.jspecify.annotations.NullMarked;
