package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.jdbc.OutboxSchema;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The cached backlog on a real H2 database, with a seam in the data source to hold a count. */
class PagentOutboxBacklogTest {
    private static final AtomicInteger databases = new AtomicInteger();

    @Test
    void countsAtMostOncePerIntervalThenAgain() throws Exception {
        Gate db = new Gate();
        MutableClock clock = new MutableClock();
        PagentOutboxBacklog backlog = new PagentOutboxBacklog(db, Duration.ofSeconds(10), null, clock);

        assertThat(backlog.current()).get().extracting(b -> b.pending()).isEqualTo(0L);
        db.insertRow();
        clock.advance(Duration.ofSeconds(9));
        assertThat(backlog.current()).get().extracting(b -> b.pending()).isEqualTo(0L);
        assertThat(backlog.current()).get().extracting(b -> b.pending()).isEqualTo(0L);
        assertThat(db.connections.get()).as("one query within the interval").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(backlog.current()).get().extracting(b -> b.pending()).isEqualTo(1L);
        assertThat(db.connections.get()).isEqualTo(2);
    }

    @Test
    void aReadNeverWaitsForAnotherReadsCount() throws Exception {
        Gate db = new Gate();
        MutableClock clock = new MutableClock();
        PagentOutboxBacklog backlog = new PagentOutboxBacklog(db, Duration.ofSeconds(10), null, clock);
        assertThat(backlog.current()).isPresent();
        clock.advance(Duration.ofSeconds(10));
        db.hold = new CountDownLatch(1);
        CompletableFuture<Optional<?>> first = CompletableFuture.supplyAsync(backlog::current);
        assertThat(db.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the first read is counting

        // Answered at once with the last count: it does not queue behind the held query.
        CompletableFuture<Optional<?>> second = CompletableFuture.supplyAsync(backlog::current);
        assertThat(second.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(backlog.problem()).isEmpty();
        assertThat(first).isNotDone();
        assertThat(db.connections.get()).isEqualTo(2);

        db.hold.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aDatabaseErrorIsReportedAsTheProblem() {
        Gate db = new Gate(false);
        PagentOutboxBacklog backlog = new PagentOutboxBacklog(db, Duration.ofSeconds(10), null);

        assertThat(backlog.current()).isEmpty();
        assertThat(backlog.problem()).get().asString().containsIgnoringCase("pagent_outbox");
    }

    /** A clock that moves only when told. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-02T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A real H2 database whose getConnection counts calls and can be held at a latch. */
    private static final class Gate implements DataSource {
        private final JdbcDataSource h2 = new JdbcDataSource();
        final AtomicInteger connections = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch hold;

        Gate() throws SQLException {
            this(true);
        }

        Gate(boolean withTable) {
            h2.setURL("jdbc:h2:mem:backlog" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
            if (withTable) {
                try {
                    OutboxSchema.initialize(h2);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Writes a row without going through the counted getConnection. */
        void insertRow() throws SQLException {
            try (Connection c = h2.getConnection()) {
                c.createStatement().execute("insert into pagent_outbox (event, created_at) values ('{}', 0)");
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            CountDownLatch h = hold;
            if (h != null) {
                entered.countDown();
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
