/**
 * Transactional outbox for pagent conversions: {@link ai.pagent.jdbc.OutboxWriter} writes a
 * conversion in the application's own database transaction, so that it commits or rolls back with
 * the order, and {@link ai.pagent.jdbc.OutboxRelay} delivers committed rows from any instance.
 * Plain JDBC; no framework.
 */
@NullMarked
package ai.pagent.jdbc;

import org.jspecify.annotations.NullMarked;
