/**
 * A shop on Spring Boot 4 (Spring MVC) whose checkout handlers report conversions with {@link
 * ai.pagent.spring.TrackConversion}.
 */
@NullMarked
package ai.pagent.samples.spring;

import org.jspecify.annotations.NullMarked;
