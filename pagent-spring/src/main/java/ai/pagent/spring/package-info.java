/**
 * pagent for Spring Framework applications (no Spring Boot required): {@link
 * ai.pagent.spring.TrackConversion} reports a conversion when an annotated method succeeds, {@link
 * ai.pagent.spring.ConversionTracker} does the same from code, and {@link
 * ai.pagent.spring.PagentWebFilter} brings the browser's variables to WebFlux handlers.
 *
 * <p>Spring Boot applications get all of it from {@code pagent-spring-boot-starter}. Without Boot,
 * declare a {@link ai.pagent.PagentClient}, a {@link ai.pagent.spring.ConversionTracker} and a
 * static {@link ai.pagent.spring.TrackConversionBeanPostProcessor} bean.
 */
@NullMarked
package ai.pagent.spring;

import org.jspecify.annotations.NullMarked;
