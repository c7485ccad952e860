/**
 * pagent for Micronaut 4: add the dependency, set {@code PAGENT_API_KEY}, and annotate the checkout
 * handler with {@link ai.pagent.micronaut.TrackConversion}.
 *
 * <ul>
 *   <li>{@link ai.pagent.micronaut.PagentFactory} creates the {@link ai.pagent.PagentClient} from
 *       {@link ai.pagent.micronaut.PagentProperties} ({@code pagent.*}) and closes it on shutdown;
 *   <li>a server filter reads the browser's variables into the request attribute {@link
 *       ai.pagent.PagentVariables#ATTRIBUTE} and serves {@code /_pagent/forward.js};
 *   <li>{@link ai.pagent.micronaut.ConversionTracker} tracks from code;
 *   <li>with {@code ai.pagent:pagent-jdbc}, a {@code DataSource} and {@code pagent.outbox.enabled=true},
 *       tracking inside a transaction writes to the outbox table, and {@link
 *       ai.pagent.micronaut.OutboxFactory} runs the relay ({@link ai.pagent.micronaut.OutboxProperties}).
 * </ul>
 */
@NullMarked
package ai.pagent.micronaut;

import org.jspecify.annotations.NullMarked;
