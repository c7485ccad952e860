package ai.pagent.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The relay's SQL on the {@code pagent_outbox} table: claim rows under a lease, delete delivered
 * ones, park rejected ones, release or renew leases. Every method takes its own connection from the
 * data source and leaves it as it found it (auto-commit restored).
 */
public final class OutboxStore {
    public static final String TABLE = "pagent_outbox";
    public static final String PENDING = "PENDING";
    public static final String FAILED = "FAILED";

    /** Longest {@code last_error} kept, as the DDL declares it. */
    static final int MAX_ERROR_LENGTH = 2000;

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
        try (Connection c = dataSource.getConnection()) {
            Dialect d = dialect(c);
            List<ClaimedRow> rows;
            if (d == Dialect.POSTGRESQL) {
                rows = claimReturning(c, owner, limit, now, leaseUntil);
            } else if (d.skipLocked()) {
                rows = claimLocked(c, owner, limit, now, leaseUntil);
            } else {
                rows = claimOptimistic(c, owner, limit, now, leaseUntil);
            }
            rows.sort(Comparator.comparingLong(ClaimedRow::id));
            return rows;
        }
    }

    /** One statement, one round trip: lock free rows, skipping those another relay is claiming. */
    private static List<ClaimedRow> claimReturning(Connection c, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        String sql = "UPDATE " + TABLE + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                + " WHERE id IN (SELECT id FROM " + TABLE + " WHERE " + CLAIMABLE
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, event";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            s.setLong(2, leaseUntil);
            s.setLong(3, now);
            s.setInt(4, limit);
            return read(s, limit);
        }
    }

    private static List<ClaimedRow> claimLocked(Connection c, String owner, int limit, long now, long leaseUntil)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<ClaimedRow> rows;
            try (PreparedStatement s = c.prepareStatement("SELECT id, event FROM " + TABLE + " WHERE " + CLAIMABLE
                    + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                s.setLong(1, now);
                s.setInt(2, limit);
                rows = read(s, limit);
            }
            if (!rows.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                        + " SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id IN "
                        + placeholders(rows.size()))) {
                    s.setString(1, owner);
                    s.setLong(2, leaseUntil);
                    for (int i = 0; i < rows.size(); i++) {
                        s.setLong(3 + i, rows.get(i).id());
                    }
                    s.executeUpdate();
                }
            }
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
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

    /** Deletes rows whatever their lease: they were delivered, by this relay or another. */
    public void delete(List<Long> ids) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            inOneTransaction(c, ids, chunk -> {
                try (PreparedStatement s =
                        c.prepareStatement("DELETE FROM " + TABLE + " WHERE id IN " + placeholders(chunk.size()))) {
                    bind(s, 1, chunk);
                    s.executeUpdate();
                }
            });
        }
    }

    /** One statement per chunk of 100 ids; several chunks in one transaction: one commit, one WAL flush. */
    private static void inOneTransaction(Connection c, List<Long> ids, ChunkWork work) throws SQLException {
        List<List<Long>> chunks = chunks(ids);
        if (chunks.size() == 1) {
            work.run(chunks.get(0));
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (List<Long> chunk : chunks) {
                work.run(chunk);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private interface ChunkWork {
        void run(List<Long> chunk) throws SQLException;
    }

    /** Marks a row failed for good with {@code error}; the relay never claims it again. */
    public void park(long id, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                        + " SET state = '" + FAILED + "', last_error = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = ?")) {
            s.setString(1, truncate(error));
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /**
     * Gives up {@code owner}'s lease on rows it could not deliver: claimable again at {@code
     * notBefore} (at once when {@code null}), with {@code error} kept when given.
     */
    public void release(List<Long> ids, String owner, @Nullable Long notBefore, @Nullable String error)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            inOneTransaction(c, ids, chunk -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                        + " SET lease_owner = NULL, lease_until = ?, last_error = COALESCE(?, last_error)"
                        + " WHERE lease_owner = ? AND id IN " + placeholders(chunk.size()))) {
                    if (notBefore == null) {
                        s.setNull(1, Types.BIGINT);
                    } else {
                        s.setLong(1, notBefore);
                    }
                    if (error == null) {
                        s.setNull(2, Types.VARCHAR);
                    } else {
                        s.setString(2, truncate(error));
                    }
                    s.setString(3, owner);
                    bind(s, 4, chunk);
                    s.executeUpdate();
                }
            });
        }
    }

    /** Extends {@code owner}'s lease on rows still being delivered. */
    public void renew(List<Long> ids, String owner, long leaseUntil) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            inOneTransaction(c, ids, chunk -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE
                        + " SET lease_until = ? WHERE lease_owner = ? AND state = 'PENDING' AND id IN "
                        + placeholders(chunk.size()))) {
                    s.setLong(1, leaseUntil);
                    s.setString(2, owner);
                    bind(s, 3, chunk);
                    s.executeUpdate();
                }
            });
        }
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
        List<ClaimedRow> rows = new ArrayList<>(limit);
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(new ClaimedRow(r.getLong(1), r.getString(2)));
            }
        }
        return rows;
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>((ids.size() + 99) / 100);
        for (int i = 0; i < ids.size(); i += 100) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 100)));
        }
        return chunks;
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
