/** The outbox's machinery: event JSON, SQL per database, the relay's loop. Not public API. */
@NullMarked
package ai.pagent.jdbc.internal;

import org.jspecify.annotations.NullMarked;
