/**
 * Spring Boot auto-configuration of pagent: a {@link ai.pagent.PagentClient} from {@code
 * pagent.*} properties, the request filters, {@link ai.pagent.spring.TrackConversion}, the {@link
 * ai.pagent.spring.ConversionTracker}, and with Actuator a {@code pagent} health indicator and
 * Micrometer meters. The same classes in {@code pagent-spring-boot-starter} (Spring Boot 4) and
 * {@code pagent-spring-boot-3-starter} (Spring Boot 3.5), each built against its own line; each stops
 * startup on the other line, naming the starter to use ({@link
 * ai.pagent.spring.boot.WrongSpringBootLineException}).
 */
@NullMarked
package ai.pagent.spring.boot;

import org.jspecify.annotations.NullMarked;
