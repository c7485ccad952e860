package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxBacklog;
import ai.pagent.jdbc.OutboxRelay;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The outbox backlog for health and meters, counted at most once per {@code
 * pagent.outbox.backlog-interval} (10 s), so that scrapes and health probes cost no query of their
 * own: the count of this instance's relay while it runs one, else a count of its own on the first
 * read after the interval. A read never waits for another read's query: it gets the last count.
 *
 * <p>The data source and the relay are looked up on first read: the data source may be waiting for
 * the meter registry (Hikari's pool metrics) that binds the meters reading this.
 */
@Singleton
@Requires(property = "pagent.enabled", notEquals = "false")
@Requires(property = "pagent.outbox.enabled", value = "true")
@Requires(classes = OutboxBacklog.class)
@Requires(beans = DataSource.class)
final class OutboxBacklogCount {
    private final BeanProvider<DataSource> dataSource;
    private final BeanProvider<OutboxRelay> relay;
    private final BeanContext context;
    private final Duration interval;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile @Nullable Snapshot last;
    private volatile @Nullable DataSource pool;
    private volatile @Nullable Optional<OutboxRelay> running;

    OutboxBacklogCount(
            BeanProvider<DataSource> dataSource,
            BeanProvider<OutboxRelay> relay,
            BeanContext context,
            OutboxProperties properties) {
        this.dataSource = dataSource;
        this.relay = relay;
        this.context = context;
        Duration configured = properties.getBacklogInterval();
        this.interval = configured == null || configured.isNegative() || configured.isZero()
                ? Duration.ofSeconds(10)
                : configured;
    }

    /**
     * This instance's relay, when it runs one. Looked up once (it starts with the context), so that a
     * read while the context closes never creates another.
     */
    Optional<OutboxRelay> relay() {
        Optional<OutboxRelay> r = running;
        if (r == null) {
            if (!context.isRunning()) {
                return Optional.empty();
            }
            r = relay.find(null);
            running = r;
        }
        return r;
    }

    /** The backlog as counted within the last interval; empty when it could not be counted. */
    Optional<OutboxBacklog> current() {
        return Optional.ofNullable(snapshot().backlog);
    }

    /** Why the backlog could not be counted last time (the database's error), if it could not. */
    Optional<String> problem() {
        return Optional.ofNullable(snapshot().problem);
    }

    private Snapshot snapshot() {
        Instant now = Instant.now();
        Snapshot s = last;
        if (s != null && fresh(s.at, now)) {
            return s;
        }
        Optional<OutboxBacklog> counted = relay().flatMap(OutboxRelay::backlog);
        if (counted.isPresent() && fresh(counted.get().measuredAt(), now)) {
            Snapshot fromRelay = new Snapshot(counted.get(), null, counted.get().measuredAt());
            last = fromRelay;
            return fromRelay;
        }
        if (!counting.tryLock()) {
            return s != null ? s : new Snapshot(null, "the backlog is being counted", now);
        }
        try {
            Snapshot fresh = count();
            last = fresh;
            return fresh;
        } finally {
            counting.unlock();
        }
    }

    private Snapshot count() {
        try {
            DataSource p = pool;
            if (p == null) {
                p = OutboxDataSource.unwrap(context, dataSource.get());
                pool = p;
            }
            try (Connection c = p.getConnection()) {
                OutboxBacklog backlog = OutboxBacklog.read(c);
                return new Snapshot(backlog, null, backlog.measuredAt());
            }
        } catch (SQLException | RuntimeException e) {
            return new Snapshot(null, String.valueOf(e), Instant.now());
        }
    }

    private boolean fresh(Instant at, Instant now) {
        return Duration.between(at, now).compareTo(interval) < 0;
    }

    private static final class Snapshot {
        final @Nullable OutboxBacklog backlog;
        final @Nullable String problem;
        final Instant at;

        Snapshot(@Nullable OutboxBacklog backlog, @Nullable String problem, Instant at) {
            this.backlog = backlog;
            this.problem = problem;
            this.at = at;
        }
    }
}
