/**
 * A shop on plain Jakarta servlets and embedded Jetty 12 that reports its checkouts to pagent with
 * pagent-servlet: {@link ai.pagent.servlet.PagentFilter} brings the browser's variables, the
 * checkout servlet tracks the conversion with the receipt's revenue.
 */
@NullMarked
package ai.pagent.samples.servlet;

import org.jspecify.annotations.NullMarked;
