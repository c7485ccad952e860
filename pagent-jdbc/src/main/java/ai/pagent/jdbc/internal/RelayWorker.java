package ai.pagent.jdbc.internal;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's two loops, each on a thread and a connection of its own, so that neither waits for the
 * other's transaction: the {@linkplain #claimer() claimer} ({@code pagent-outbox-relay}) claims rows
 * while the relay holds fewer than {@code maxInFlight} and tracks their events on the client, and
 * counts the backlog now and then; the {@linkplain #writer() writer} ({@code
 * pagent-outbox-relay-writer}) writes back what became of rows as the client reports it, which frees
 * their room for the claimer, and renews the leases of rows still under way. A failing database makes
 * each loop back off (exponentially, up to {@code maxBackoff}) and log a few lines, never stop.
 */
public final class RelayWorker {
    /**
     * Most batches one claim leases: a round trip and a commit are paid per claim, not per batch, and
     * the client gets enough rows to keep several requests in flight.
     */
    static final int BATCHES_PER_CLAIM = 10;

    private static final Logger log = LoggerFactory.getLogger("ai.pagent.jdbc.OutboxRelay");

    private final OutboxStore store;
    private final PagentClient client;
    private final InFlightRows rows;
    private final RelaySettings settings;
    private final RateLimitedLog databaseLog = new RateLimitedLog(log, TimeUnit.SECONDS.toNanos(30));
    private final RateLimitedLog decodeLog = new RateLimitedLog(log, TimeUnit.SECONDS.toNanos(30));
    private final Loop claimer = new Loop(this::claimRound);
    private final Loop writer = new Loop(this::writeRound);
    private volatile boolean claiming = true;
    private volatile boolean running = true;
    private final int claimLimit;
    private int nextClaim; // the claimer's
    private long nextBacklog; // the claimer's
    private long nextRenewal; // the writer's

    public final AtomicLong claimed = new AtomicLong();
    public final AtomicLong delivered = new AtomicLong();
    public final AtomicLong parked = new AtomicLong();
    public final AtomicLong released = new AtomicLong();
    public final AtomicLong databaseErrors = new AtomicLong();
    private volatile OutboxStore.@Nullable BacklogRow backlog;
    private volatile long backlogMeasuredAt;

    public RelayWorker(OutboxStore store, PagentClient client, InFlightRows rows, RelaySettings settings) {
        this.store = store;
        this.client = client;
        this.rows = rows;
        this.settings = settings;
        this.claimLimit = Math.min(settings.maxInFlight(), BATCHES_PER_CLAIM * settings.batchSize());
        this.nextClaim = settings.batchSize();
        // Rows claimed from now on hold a fresh lease: the first renewal is due a third of one later.
        this.nextRenewal = settings.clock().millis() + renewalInterval();
    }

    /** The loop that claims rows and hands their events to the client. */
    public Runnable claimer() {
        return claimer;
    }

    /** The loop that writes outcomes back and renews leases. */
    public Runnable writer() {
        return writer;
    }

    /** One claim; returns how long to wait before the next. */
    private long claimRound() throws SQLException {
        long now = settings.clock().millis();
        if (now >= nextBacklog) {
            backlog = store.backlog();
            backlogMeasuredAt = now;
            nextBacklog = now + settings.backlogInterval().toMillis();
        }
        int room = settings.maxInFlight() - rows.held();
        int limit = claiming ? Math.min(room, nextClaim) : 0;
        if (limit <= 0) {
            return settings.pollInterval().toMillis(); // or sooner, when a write frees room
        }
        List<OutboxStore.ClaimedRow> claimedRows = store.claim(settings.owner(), limit, now, leaseUntil(now));
        claimed.addAndGet(claimedRows.size());
        for (OutboxStore.ClaimedRow row : claimedRows) {
            hand(row);
        }
        if (claimedRows.size() < limit) {
            nextClaim = settings.batchSize(); // the outbox ran dry: the next burst starts small again
            return settings.pollInterval().toMillis();
        }
        // A full claim means more may be waiting: claim again at once while there is room, twice as
        // many rows up to the limit (a small first claim starts the client sooner, larger ones cost
        // fewer commits).
        nextClaim = Math.min(claimLimit, Math.max(nextClaim, limit) * 2);
        return 0;
    }

    /** Renews leases when due and writes the outcomes heard so far; returns how long to wait. */
    private long writeRound() throws SQLException {
        long now = settings.clock().millis();
        if (now >= nextRenewal) {
            renew(now);
        }
        if (write(rows.drain(), now) > 0) {
            claimer.wake(); // their room is free
            return 0; // more may have come while this one was written
        }
        // Idle until the client reports an outcome, or the next renewal is due.
        return Math.max(1, Math.min(settings.pollInterval().toMillis(), nextRenewal - now));
    }

    /**
     * Writes {@code outcomes} in one transaction and answers how many rows they settled; on failure
     * puts them back for a later round.
     */
    private int write(RowOutcomes outcomes, long now) throws SQLException {
        if (outcomes.isEmpty()) {
            return 0;
        }
        try {
            store.settleAndClaim(outcomes, settings.owner(), 0, now, leaseUntil(now));
        } catch (SQLException | RuntimeException e) {
            rows.restore(outcomes);
            throw e;
        }
        rows.written(outcomes.size());
        delivered.addAndGet(outcomes.delete().size());
        parked.addAndGet(outcomes.park().size());
        released.addAndGet(outcomes.release().size());
        return outcomes.size();
    }

    private long leaseUntil(long now) {
        return now + settings.lease().toMillis();
    }

    private void hand(OutboxStore.ClaimedRow row) {
        Conversion event;
        try {
            event = EventJson.decode(row.event());
        } catch (IllegalArgumentException e) {
            decodeLog.warn("pagent outbox: row {} holds no valid event, parking it: {}", row.id(), e.getMessage());
            rows.park(row.id(), "undecodable event: " + e.getMessage());
            return;
        }
        rows.add(event, row.id());
        client.track(event); // false means dropped, and the listener hears it: the row is released
    }

    /** Writes accepted, parked and released rows to the database; puts them back if it fails. */
    public void writeOutcomes() throws SQLException {
        write(rows.drain(), settings.clock().millis());
    }

    private void renew(long now) throws SQLException {
        List<Long> held = rows.heldIds();
        if (!held.isEmpty()) {
            store.renew(held, settings.owner(), leaseUntil(now));
        }
        nextRenewal = now + renewalInterval();
    }

    private long renewalInterval() {
        return Math.max(1, settings.lease().toMillis() / 3);
    }

    private long backoffMillis(int failures) {
        long base = Math.max(50, settings.pollInterval().toMillis());
        long ceiling = Math.min(settings.maxBackoff().toMillis(), base << Math.min(failures - 1, 16));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** The client reported an outcome: the writer has work. */
    public void outcomeHeard() {
        writer.wake();
    }

    /** Stops claiming new rows; outcomes and renewals go on until {@link #stop()}. */
    public void stopClaiming() {
        claiming = false;
        claimer.wake();
    }

    /** Ends both loops after their current rounds. */
    public void stop() {
        running = false;
        claimer.wake();
        writer.wake();
    }

    /** The last backlog count, or null before the first. */
    public OutboxStore.@Nullable BacklogRow backlog() {
        return backlog;
    }

    /** When {@link #backlog()} was counted, in the clock's epoch milliseconds. */
    public long backlogMeasuredAt() {
        return backlogMeasuredAt;
    }

    /** One round of a loop; returns how long to wait before the next. */
    private interface Round {
        long run() throws SQLException;
    }

    /** Runs rounds until {@link #stop()}, waiting between them unless woken, backing off on failures. */
    private final class Loop implements Runnable {
        private final Round round;
        private final Object signal = new Object();
        private boolean signalled;
        private int failures;

        Loop(Round round) {
            this.round = round;
        }

        @Override
        public void run() {
            while (running) {
                long waitMillis;
                try {
                    waitMillis = round.run();
                    if (failures > 0) {
                        log.info("pagent outbox: the database answers again; relaying resumes");
                        databaseLog.reset();
                    }
                    failures = 0;
                } catch (SQLException | RuntimeException e) {
                    databaseErrors.incrementAndGet();
                    failures++;
                    waitMillis = backoffMillis(failures);
                    databaseLog.warn(
                            "pagent outbox: the database failed, retrying in {} ms (rows stay in the outbox): {}",
                            waitMillis,
                            String.valueOf(e));
                }
                await(waitMillis);
            }
        }

        void wake() {
            synchronized (signal) {
                signalled = true;
                signal.notifyAll();
            }
        }

        private void await(long millis) {
            if (millis <= 0) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            synchronized (signal) {
                try {
                    long left;
                    while (!signalled && running && (left = deadline - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(signal, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
                signalled = false;
            }
        }
    }
}
