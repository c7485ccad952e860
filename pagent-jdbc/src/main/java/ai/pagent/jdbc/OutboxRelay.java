package ai.pagent.jdbc;

import ai.pagent.PagentClient;
import ai.pagent.PagentStats;
import ai.pagent.jdbc.internal.InFlightRows;
import ai.pagent.jdbc.internal.OutboxStore;
import ai.pagent.jdbc.internal.RelaySettings;
import ai.pagent.jdbc.internal.RelayWorker;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the conversions that {@link OutboxWriter} committed to the {@code pagent_outbox} table.
 * Run one in every instance of the application: relays share the table safely.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder()
 *         .dataSource(dataSource)
 *         .client(PagentClient.builder().apiKey(System.getenv("PAGENT_API_KEY")))
 *         .build()
 *         .start();
 * ...
 * relay.close();   // on shutdown
 * }</pre>
 *
 * <h2>How rows travel</h2>
 * The relay claims pending rows under a lease ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, MySQL,
 * MariaDB and H2, so relays never claim the same row) while it holds fewer than {@code maxInFlight}
 * rows (2000 by default: room for the 16 requests of 100 events a client may have in flight): one
 * batch of {@code batchSize} (100) first, so that sending starts at once, then twice as many per claim
 * while claims come back full, up to ten batches. It tracks their events on a {@link
 * PagentClient} of its own, built from the given settings: batching, requests in flight, retries,
 * 429 and 401 pauses and the isolation of rejected events are that client's. So the next rows are
 * claimed while earlier batches are still on their way. What became of the rows is written back in
 * the same transaction as the next claim, a statement per kind of outcome: one commit per round
 * however many rows it settles. Then:
 *
 * <ul>
 *   <li>accepted rows are deleted;
 *   <li>a row pagent rejects (400) is parked as {@code FAILED} with the server's error in {@code
 *       last_error}, never retried; so is a row whose event cannot be read back;
 *   <li>a row whose delivery failed for a passing reason (retries used up, an outage) is released
 *       and tried again after {@code retryDelay};
 *   <li>a relay renews the leases of rows it still holds; when one dies, its leases expire after
 *       {@code leaseDuration} and any other relay delivers those rows.
 * </ul>
 *
 * <p>Delivery is at least once: a relay that dies after pagent accepted a batch but before deleting
 * its rows leaves them to be sent again. The relay survives the database going away: it backs off,
 * logs a line now and then, and carries on when the database is back.
 *
 * <h2>Durability of the relay's own writes</h2>
 * On PostgreSQL the relay's own transactions (claims, lease renewals, deletes of accepted rows,
 * parking of rejected ones, releases) run with {@code SET LOCAL synchronous_commit = off}: their
 * commits do not wait for the WAL flush, which would otherwise cost a disk flush per round. The
 * window this opens: a crash of the database (or a failover to a standby) can undo the relay's writes
 * of the last three {@code wal_writer_delay} before it (600 ms with the default 200 ms). What it
 * costs is duplicates only: a delete undone leaves a delivered row in the outbox, sent again once its
 * lease runs out; an undone claim, renewal, release or parking puts the row back as it was before, to
 * be claimed (and, when pagent rejects it again, parked) again. No row is lost: the rows themselves
 * are written by the application's transaction ({@link OutboxWriter}), which this does not touch and
 * which keeps the database's own {@code synchronous_commit}. {@code SET LOCAL} ends with each
 * transaction, so a pooled connection goes back to the pool unchanged. MySQL, MariaDB and H2 commit
 * the relay's transactions with the database's settings.
 */
public final class OutboxRelay implements AutoCloseable {
    /**
     * The default {@code maxInFlight}: room for the relay's client to keep as many requests in flight
     * as a {@link PagentClient} may by default ({@code maxInFlightLimit}, 16) with 100 events each,
     * plus four batches more: a backlog of more than a full batch must wait in the client for its
     * adaptive limit to grow to 16, and accepted rows keep their room until the next round deletes
     * them. With 1000 rows the relay held the client to 10 requests, 10/16 of what the in-memory path
     * reaches when the round trip bounds it.
     */
    static final int DEFAULT_MAX_IN_FLIGHT = (16 + 4) * 100;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final PagentClient client;
    private final RelayWorker worker;
    private final RelaySettings settings;
    private final Thread thread;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;

    private OutboxRelay(DataSource dataSource, PagentClient.Builder clientBuilder, RelaySettings settings) {
        this.settings = settings;
        RelayWorker[] self = new RelayWorker[1];
        InFlightRows rows = new InFlightRows(settings, () -> self[0].wake());
        this.client = clientBuilder
                .listener(rows)
                .queueCapacity(Math.max(settings.maxInFlight(), 1))
                .build();
        this.worker = new RelayWorker(new OutboxStore(dataSource), client, rows, settings);
        self[0] = worker;
        this.thread = new Thread(worker, "pagent-outbox-relay");
        thread.setDaemon(true);
    }

    /** Starts configuring a relay. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts relaying on a daemon thread ({@code pagent-outbox-relay}). Idempotent.
     *
     * @return this relay
     * @throws IllegalStateException when the relay is closed
     */
    public OutboxRelay start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the OutboxRelay is closed");
            }
            if (!started) {
                started = true;
                thread.start();
                log.info("pagent outbox relay {} started", settings.owner());
            }
        }
        return this;
    }

    /** The lease owner this relay writes on the rows it claims. */
    public String owner() {
        return settings.owner();
    }

    /**
     * The backlog as last counted by the relay (every {@code backlogInterval}); never blocks. Empty
     * until the first count.
     */
    public Optional<OutboxBacklog> backlog() {
        OutboxStore.BacklogRow row = worker.backlog();
        return row == null
                ? Optional.empty()
                : Optional.of(OutboxBacklog.of(row, Instant.ofEpochMilli(worker.backlogMeasuredAt())));
    }

    /** What the relay did so far. */
    public OutboxRelayStats stats() {
        return new OutboxRelayStats(
                worker.claimed.get(),
                worker.delivered.get(),
                worker.parked.get(),
                worker.released.get(),
                worker.databaseErrors.get());
    }

    /** The relay's client's counters and state (paused on 401, rate limited, circuit open...). */
    public PagentStats clientStats() {
        return client.stats();
    }

    /**
     * Stops claiming, lets the client deliver what it holds within its {@code shutdownTimeout},
     * writes back what became of those rows, and releases the rest for another relay. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        worker.stopClaiming();
        client.close(); // delivers or drops what it holds; the listener hears each row's outcome
        worker.stop();
        try {
            thread.join(Math.max(1000, settings.pollInterval().toMillis() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            worker.writeOutcomes();
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "pagent outbox relay {}: could not write back the last outcomes; their leases expire"
                            + " and another relay takes them over: {}",
                    settings.owner(),
                    String.valueOf(e));
        }
        log.info("pagent outbox relay {} stopped", settings.owner());
    }

    @Override
    public String toString() {
        return "OutboxRelay{owner=" + settings.owner() + ", " + stats() + "}";
    }

    /** Configures an {@link OutboxRelay}; {@link #build()} checks every setting and names a wrong one. */
    public static final class Builder {
        private @Nullable DataSource dataSource;
        private PagentClient.@Nullable Builder client;
        private @Nullable String owner;
        private int batchSize = 100;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration leaseDuration = Duration.ofMinutes(1);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration retryDelay = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration backlogInterval = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Where the outbox table lives (required); a pooled data source is best. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The settings of the relay's own client (required): API key, endpoint, timeouts, retries. The
         * relay installs its own {@code listener} and sets {@code queueCapacity} to {@code
         * maxInFlight}, replacing any set here, and closes the client when it closes.
         */
        public Builder client(PagentClient.Builder client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The lease owner written on claimed rows, at most 128 characters (default: host, pid and a random tag). */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * Rows per batch the relay claims (default and maximum 100, pagent's batch size); one claim
         * leases up to ten batches, within {@code maxInFlight}.
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Most rows held at once between claim and outcome (default 2000): also the relay's client's
         * queue capacity. The client sends at most {@code maxInFlightLimit} requests of {@code
         * batchSize} rows at once, and grows to that many only while more than a batch waits: to let a
         * client with a {@code maxInFlightLimit} other than 16 keep that many in flight, set this to
         * about {@code (maxInFlightLimit + 4) * batchSize}.
         */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How long a claim holds a row before another relay may take it over (default 1 min); renewed while delivering. */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
            return this;
        }

        /** How often an idle relay looks for new rows (default 1 s). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /** How long a row waits after a delivery that failed for a passing reason (default 30 s). */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
            return this;
        }

        /** Longest wait between attempts while the database fails (default 30 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /** How often the relay counts the backlog for {@link OutboxRelay#backlog()} (default 10 s). */
        public Builder backlogInterval(Duration backlogInterval) {
            this.backlogInterval = Objects.requireNonNull(backlogInterval, "backlogInterval");
            return this;
        }

        /** The clock of leases and ages (default: the system's, in UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks every setting and creates the relay, with its client; {@link OutboxRelay#start()}
         * starts it.
         *
         * @throws IllegalArgumentException naming each setting that is missing or out of range
         */
        public OutboxRelay build() {
            StringBuilder problems = new StringBuilder();
            if (dataSource == null) {
                problem(problems, "dataSource is required");
            }
            if (client == null) {
                problem(problems, "client is required: PagentClient.builder().apiKey(...) with the relay's settings");
            }
            String id = owner == null ? defaultOwner() : owner;
            if (id.isBlank() || id.length() > 128) {
                problem(problems, "owner must be 1 to 128 characters, got " + id.length());
            }
            if (batchSize < 1 || batchSize > 100) {
                problem(problems, "batchSize must be between 1 and 100, got " + batchSize);
            }
            if (maxInFlight < batchSize || maxInFlight > 1_000_000) {
                problem(
                        problems,
                        "maxInFlight must be between batchSize (" + batchSize + ") and 1000000, got " + maxInFlight);
            }
            positive(problems, "leaseDuration", leaseDuration);
            positive(problems, "pollInterval", pollInterval);
            positive(problems, "retryDelay", retryDelay);
            positive(problems, "maxBackoff", maxBackoff);
            positive(problems, "backlogInterval", backlogInterval);
            if (leaseDuration.compareTo(Duration.ofMillis(300)) < 0) {
                problem(
                        problems,
                        "leaseDuration must be at least 300 ms (leases are renewed every third of it), got "
                                + leaseDuration);
            }
            if (problems.length() > 0) {
                throw new IllegalArgumentException("invalid OutboxRelay settings: " + problems);
            }
            RelaySettings settings = new RelaySettings(
                    id,
                    batchSize,
                    maxInFlight,
                    leaseDuration,
                    pollInterval,
                    retryDelay,
                    maxBackoff,
                    backlogInterval,
                    clock);
            return new OutboxRelay(Objects.requireNonNull(dataSource), Objects.requireNonNull(client), settings);
        }

        private static String defaultOwner() {
            String host = System.getenv("HOSTNAME");
            String name = host == null || host.isBlank() ? "relay" : host.strip();
            if (name.length() > 80) {
                name = name.substring(0, 80);
            }
            return name + "-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        }

        private static void positive(StringBuilder problems, String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                problem(problems, name + " must be positive, got " + value);
            }
        }

        private static void problem(StringBuilder problems, String text) {
            if (problems.length() > 0) {
                problems.append("; ");
            }
            problems.append(text);
        }
    }
}
