/**
 * Spring Boot 4 auto-configuration of pagent: a {@link ai.pagent.PagentClient} from {@code
 * pagent.*} properties, the request filters, {@link ai.pagent.spring.TrackConversion}, the {@link
 * ai.pagent.spring.ConversionTracker}, and with Actuator a {@code pagent} health indicator and
 * Micrometer meters.
 */
@NullMarked
package ai.pagent.spring.boot;

import org.jspecify.annotations.NullMarked;
