package ai.pagent.spring.boot;

import ai.pagent.jdbc.OutboxBacklog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The outbox backlog for health and meters, counted at most once per {@code interval}
 * ({@code pagent.outbox.backlog-interval}, 10 s) so that scrapes and health probes cost no query of
 * their own: it takes the count of this instance's running relay (which counts on its own thread
 * every interval), or, without one, counts itself on the first read after the interval has passed.
 * A read never waits for another read's query: it gets the last count meanwhile.
 */
public final class PagentOutboxBacklog {
    private final DataSource dataSource;
    private final Duration interval;
    private final @Nullable PagentOutboxRelay relay;
    private final Clock clock;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile @Nullable Snapshot last;

    /**
     * @param relay this instance's relay, whose counts are taken while it runs, or {@code null}
     */
    public PagentOutboxBacklog(DataSource dataSource, Duration interval, @Nullable PagentOutboxRelay relay) {
        this(dataSource, interval, relay, Clock.systemUTC());
    }

    PagentOutboxBacklog(DataSource dataSource, Duration interval, @Nullable PagentOutboxRelay relay, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.relay = relay;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The backlog as counted within the last interval; empty when it could not be counted ({@link
     * #problem()} says why), or before the first count has finished.
     */
    public Optional<OutboxBacklog> current() {
        return Optional.ofNullable(snapshot().backlog);
    }

    /** Why the backlog could not be counted last time (the database's error), if it could not. */
    public Optional<String> problem() {
        return Optional.ofNullable(snapshot().problem);
    }

    private Snapshot snapshot() {
        Instant now = clock.instant();
        Snapshot s = last;
        if (s != null && fresh(s.at, now)) {
            return s;
        }
        PagentOutboxRelay r = relay;
        if (r != null) {
            Optional<OutboxBacklog> counted = r.relay().flatMap(relay -> relay.backlog());
            if (counted.isPresent() && fresh(counted.get().measuredAt(), now)) {
                Snapshot fromRelay =
                        new Snapshot(counted.get(), null, counted.get().measuredAt());
                last = fromRelay;
                return fromRelay;
            }
        }
        if (!counting.tryLock()) {
            return s != null ? s : new Snapshot(null, null, now); // the first count is under way
        }
        try {
            Snapshot counted = count();
            last = counted;
            return counted;
        } finally {
            counting.unlock();
        }
    }

    private Snapshot count() {
        Instant at = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            return new Snapshot(OutboxBacklog.read(c), null, at);
        } catch (SQLException | RuntimeException e) {
            return new Snapshot(null, String.valueOf(e), at);
        }
    }

    private boolean fresh(Instant at, Instant now) {
        return Duration.between(at, now).compareTo(interval) < 0;
    }

    private record Snapshot(
            @Nullable OutboxBacklog backlog, @Nullable String problem, Instant at) {}
}
