/**
 * A shop on Micronaut 4 (Netty) whose checkout handlers report conversions with {@link
 * ai.pagent.micronaut.TrackConversion}.
 */
@NullMarked
package ai.pagent.samples.micronaut;

import org.jspecify.annotations.NullMarked;
