/**
 * pagent for jakarta.servlet 6 applications: {@link ai.pagent.servlet.PagentFilter} brings the
 * browser's {@code _pgnt} variables to the server, {@link ai.pagent.servlet.PagentRequests} hands
 * them to your code, and {@link ai.pagent.servlet.PagentContextListener} ties a {@link
 * ai.pagent.PagentClient} to the web application's life.
 *
 * <p>Plain servlet apps need no code: with the jar in {@code WEB-INF/lib} and {@code PAGENT_API_KEY}
 * set (or the context parameter {@code pagent.api-key}), the filter and the listener install
 * themselves.
 */
@NullMarked
package ai.pagent.servlet;

import org.jspecify.annotations.NullMarked;
