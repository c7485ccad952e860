/**
 * pagent's server-side conversions client: build a {@link ai.pagent.Conversion}, hand it to a
 * {@link ai.pagent.PagentClient}, and it reaches pagent attributed to the visitor's browser session.
 */
@NullMarked
package ai.pagent;

import org.jspecify.annotations.NullMarked;
