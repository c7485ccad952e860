package ai.pagent.jdbc.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The relay's SQL on the {@code pagent_outbox} table: claim rows under a lease, delete delivered
 * ones, park rejected ones, release or renew leases, a statement per kind of change rather than per
 * row. Every method takes its own connection from the data source, works in one transaction, and
 * leaves the connection as it found it (auto-commit restored).
 *
 * <p>On PostgreSQL each of these transactions runs with {@code SET LOCAL synchronous_commit = off}:
 * its commit does not wait for the WAL flush (nor for a synchronous standby). A database crash (or a
 * failover) can then undo the relay's last claims, renewals, deletes and parkings, those of the last
 * three {@code wal_writer_delay} at most (600 ms by default); their rows come back as they were, to
 * be claimed and sent again: duplicates, which at-least-once delivery allows, never a lost row. {@code
 * SET LOCAL} ends with the transaction, so the pooled connection goes back to the application
 * unchanged: the application's own inserts ({@code OutboxWriter}, in its transaction) keep the
 * database's setting.
 */
public final class OutboxStore {
    public static final String TABLE = "pagent_outbox";
    public static final String PENDING = "PENDING";
    public static final String FAILED = "FAILED";

    /** Most ids in one {@code IN} list where the database takes no array parameter (Oracle allows 1000). */
    static final int IN_LIST = 500;

    /** Longest {@code last_error} kept, as the DDL declares it. */
    static final int MAX_ERROR_LENGTH = 2000;

    /** The relay's own transactions on PostgreSQL: duplicates after a database crash, never a lost row. */
    static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

    private static final String CLAIMABLE = "state = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)";

    private final DataSource dataSource;
    private volatile @Nullable Dialect dialect;

    public OutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A store that takes {@code dialect} instead of asking the database (tests of the other claim paths). */
    OutboxStore(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** One claimed row: its id and its event's JSON. */
    public record ClaimedRow(long id, String event) {}

    /** The backlog's size: pending and failed rows, and when the oldest pending row was written. */
    public record BacklogRow(
            long pending, long failed, @Nullable Long oldestPendingCreatedMillis) {}

    /**
     * Leases up to {@code limit} pending rows whose lease is free or expired at {@code now} to {@code
     * owner} until {@code leaseUntil}, counting an attempt on each, oldest first.
     */
    public List<ClaimedRow> claim(String owner, int limit, long now, long leaseUntil) throws SQLException {
        return settleAndClaim(RowOutcomes.NONE, owner, limit, now, leaseUntil);
    }

    /**
     * One round of a relay in one transaction, so one commit (one WAL flush) however many rows it
     * touches: deletes the accepted rows of {@code outcomes} (whatever their lease: they were
     * delivered), parks the rejected ones, gives {@code owner}'s lease up on the released ones, then
     * leases up to {@code limit} pending rows as {@link #claim} does.
     *
     * <p>All or nothing: when this throws, the rows it claimed must not be sent, and the outcomes must
     * be written again. Should the commit have landed after all, writing them again changes nothing,
     * and the unsent claims run out with their lease.
     */
    public List<ClaimedRow> settleAndClaim(RowOutcomes outcomes, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        if (outcomes.isEmpty() && limit <= 0) {
            return new ArrayList<>();
        }
        try (Connection c = dataSource.getConnection()) {
            Dialect d = dialect(c);
            // PostgreSQL's claim carries the SET LOCAL itself, saving a round trip per round.
            boolean claimsOnPostgres = d == Dialect.POSTGRESQL && limit > 0;
            List<ClaimedRow> rows = inTransaction(c, d == Dialect.POSTGRESQL && !claimsOnPostgres, () -> {
                write(c, d, outcomes, owner);
                return limit <= 0 ? new ArrayList<>() : claim(c, d, owner, limit, now, leaseUntil);
            });
            rows.sort(Comparator.comparingLong(ClaimedRow::id));
            return rows;
        }
    }

    private static List<ClaimedRow> claim(Connection c, Dialect d, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            return claimReturning(c, owner, limit, now, leaseUntil);
        } else if (d.skipLocked()) {
            return claimLocked(c, d, owner, limit, now, leaseUntil);
        } else {
            return claimOptimistic(c, owner, limit, now, leaseUntil);
        }
    }

    /**
     * One round trip: lock free rows, skipping those another relay is claiming; the {@code SET LOCAL
     * synchronous_commit = off} of the transaction travels with it (pgjdbc sends both statements at once).
     */
    private static List<ClaimedRow> claimReturning(Connection c, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        // = ANY(ARRAY(...)) runs the locking select once, as an init plan, and updates the rows by
        // their ids; IN (SELECT ...) joins them (a hash or a nested loop): about twice the buffers.
        String sql = ASYNC_COMMIT + "; UPDATE " + TABLE
                + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                + " WHERE id = ANY(ARRAY(SELECT id FROM " + TABLE + " WHERE " + CLAIMABLE
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING id, event";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            s.setLong(2, leaseUntil);
            s.setLong(3, now);
            s.setInt(4, limit);
            boolean rowsNext = s.execute(); // first the SET's status, then the claimed rows
            while (!rowsNext) {
                if (s.getUpdateCount() == -1) {
                    throw new SQLException("the claim returned no rows result");
                }
                rowsNext = s.getMoreResults();
            }
            try (ResultSet r = s.getResultSet()) {
                return read(r, limit);
            }
        }
    }

    /** Locks free rows (skipping those another relay is claiming), then leases them: the caller commits. */
    private static List<ClaimedRow> claimLocked(
            Connection c, Dialect d, String owner, int limit, long now, long leaseUntil) throws SQLException {
        List<ClaimedRow> rows;
        try (PreparedStatement s = c.prepareStatement("SELECT id, event FROM " + TABLE + " WHERE " + CLAIMABLE
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            s.setLong(1, now);
            s.setInt(2, limit);
            rows = read(s, limit);
        }
        List<Long> ids = new ArrayList<>(rows.size());
        for (ClaimedRow row : rows) {
            ids.add(row.id());
        }
        forIds(
                c,
                d,
                "UPDATE " + TABLE + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id",
                ids,
                s -> {
                    s.setString(1, owner);
                    s.setLong(2, leaseUntil);
                    return 3;
                });
        return rows;
    }

    /** Reads candidates without locks, then keeps those whose conditional lease update this relay won. */
    private static List<ClaimedRow> claimOptimistic(Connection c, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        List<ClaimedRow> candidates;
        try (PreparedStatement s = c.prepareStatement("SELECT id, event FROM " + TABLE + " WHERE " + CLAIMABLE
                + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY")) {
            s.setLong(1, now);
            candidates = read(s, limit);
        }
        List<ClaimedRow> won = new ArrayList<>(candidates.size());
        try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ? AND " + CLAIMABLE)) {
            for (ClaimedRow row : candidates) {
                s.setString(1, owner);
                s.setLong(2, leaseUntil);
                s.setLong(3, row.id());
                s.setLong(4, now);
                if (s.executeUpdate() == 1) {
                    won.add(row);
                }
            }
        }
        return won;
    }

    /** Deletes, parks and releases, a statement per kind (and per distinct release), not per row. */
    private static void write(Connection c, Dialect d, RowOutcomes outcomes, String owner) throws SQLException {
        forIds(c, d, "DELETE FROM " + TABLE + " WHERE id", outcomes.delete(), s -> 1);
        if (!outcomes.park().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                    + " SET state = '" + FAILED + "', last_error = ?, lease_owner = NULL, lease_until = NULL"
                    + " WHERE id = ?")) {
                for (RowOutcomes.Parked p : outcomes.park()) {
                    s.setString(1, truncate(p.error()));
                    s.setLong(2, p.id());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        Map<Release, List<Long>> releases = new LinkedHashMap<>();
        for (RowOutcomes.Released r : outcomes.release()) {
            releases.computeIfAbsent(new Release(r.notBefore(), r.error()), k -> new ArrayList<>())
                    .add(r.id());
        }
        for (Map.Entry<Release, List<Long>> e : releases.entrySet()) {
            Release r = e.getKey();
            forIds(
                    c,
                    d,
                    "UPDATE " + TABLE + " SET lease_owner = NULL, lease_until = ?, last_error = COALESCE(?, last_error)"
                            + " WHERE lease_owner = ? AND id",
                    e.getValue(),
                    s -> {
                        if (r.notBefore() == null) {
                            s.setNull(1, Types.BIGINT);
                        } else {
                            s.setLong(1, r.notBefore());
                        }
                        if (r.error() == null) {
                            s.setNull(2, Types.VARCHAR);
                        } else {
                            s.setString(2, truncate(r.error()));
                        }
                        s.setString(3, owner);
                        return 4;
                    });
        }
    }

    /** Releases that write the same values, so one statement covers all their rows. */
    private record Release(
            @Nullable Long notBefore, @Nullable String error) {}

    /** Extends {@code owner}'s lease on rows still being delivered. */
    public void renew(List<Long> ids, String owner, long leaseUntil) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Dialect d = dialect(c);
            inTransaction(c, d == Dialect.POSTGRESQL, () -> {
                forIds(
                        c,
                        d,
                        "UPDATE " + TABLE + " SET lease_until = ? WHERE lease_owner = ? AND state = 'PENDING' AND id",
                        ids,
                        s -> {
                            s.setLong(1, leaseUntil);
                            s.setString(2, owner);
                            return 3;
                        });
                return null;
            });
        }
    }

    /**
     * Runs {@code sql} (ending in {@code id}) for every id: {@code id = ANY(?)} with one array on
     * PostgreSQL, so one statement whatever the count; {@code id IN (?, ...)} per {@value #IN_LIST}
     * ids elsewhere. {@code leading} binds the parameters before the ids and answers the next index.
     */
    private static void forIds(Connection c, Dialect d, String sql, List<Long> ids, Leading leading)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        if (d == Dialect.POSTGRESQL) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement s = c.prepareStatement(sql + " = ANY(?)")) {
                s.setArray(leading.bind(s), array);
                s.executeUpdate();
            } finally {
                array.free();
            }
            return;
        }
        for (int i = 0; i < ids.size(); i += IN_LIST) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + IN_LIST));
            try (PreparedStatement s = c.prepareStatement(sql + " IN " + placeholders(chunk.size()))) {
                bind(s, leading.bind(s), chunk);
                s.executeUpdate();
            }
        }
    }

    /** Binds a statement's parameters before its ids; answers the index of the first id. */
    private interface Leading {
        int bind(PreparedStatement s) throws SQLException;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}, first {@value #ASYNC_COMMIT} when {@code
     * asyncCommit} (PostgreSQL, when {@code work} does not send it itself: see the class comment), and
     * leaves {@code c} in auto-commit as it found it.
     */
    private static <T> T inTransaction(Connection c, boolean asyncCommit, SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        T result;
        try {
            if (asyncCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute(ASYNC_COMMIT);
                }
            }
            result = work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            if (autoCommit) {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        if (autoCommit) {
            c.setAutoCommit(true);
        }
        return result;
    }

    /** Counts the backlog on {@code connection} (one aggregate query). */
    public static BacklogRow backlog(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT"
                        + " COALESCE(SUM(CASE WHEN state = 'PENDING' THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN state = 'PENDING' THEN 0 ELSE 1 END), 0),"
                        + " MIN(CASE WHEN state = 'PENDING' THEN created_at END) FROM " + TABLE);
                ResultSet r = s.executeQuery()) {
            r.next();
            long pending = r.getLong(1);
            long failed = r.getLong(2);
            long oldest = r.getLong(3);
            return new BacklogRow(pending, failed, r.wasNull() ? null : oldest);
        }
    }

    /** Counts the backlog on a connection of its own. */
    public BacklogRow backlog() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return backlog(c);
        }
    }

    private Dialect dialect(Connection c) throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            d = Dialect.of(c);
            dialect = d;
        }
        return d;
    }

    private static List<ClaimedRow> read(PreparedStatement s, int limit) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return read(r, limit);
        }
    }

    private static List<ClaimedRow> read(ResultSet r, int limit) throws SQLException {
        List<ClaimedRow> rows = new ArrayList<>(limit);
        while (r.next()) {
            rows.add(new ClaimedRow(r.getLong(1), r.getString(2)));
        }
        return rows;
    }

    private static void bind(PreparedStatement s, int first, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            s.setLong(first + i, ids.get(i));
        }
    }

    private static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(2 + 2 * n).append('(');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ",?");
        }
        return sb.append(')').toString();
    }

    static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
