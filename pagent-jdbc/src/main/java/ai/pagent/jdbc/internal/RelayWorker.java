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
 * The relay's one thread ({@code pagent-outbox-relay}): claims rows while it holds fewer than
 * {@code maxInFlight}, tracks their events on the client, writes back what became of them, renews
 * the leases of rows still under way, and counts the backlog now and then. A failing database
 * makes it back off (exponentially, up to {@code maxBackoff}) and log a few lines, never stop.
 */
public final class RelayWorker implements Runnable {
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
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean claiming = true;
    private volatile boolean running = true;
    private int failures;
    private long nextRenewal;
    private long nextBacklog;
    private final int claimLimit;
    private int nextClaim;

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
    }

    @Override
    public void run() {
        while (running) {
            long waitMillis;
            try {
                waitMillis = cycle();
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

    /** One round; returns how long to wait before the next. */
    private long cycle() throws SQLException {
        long now = settings.clock().millis();
        if (now >= nextRenewal) {
            renew(now);
        }
        if (now >= nextBacklog) {
            backlog = store.backlog();
            backlogMeasuredAt = now;
            nextBacklog = now + settings.backlogInterval().toMillis();
        }
        RowOutcomes outcomes = rows.drain();
        // The outcomes written in this round free their rows' room for the rows claimed in it.
        int room = settings.maxInFlight() - rows.held() + outcomes.size();
        int limit = claiming ? Math.min(room, nextClaim) : 0;
        List<OutboxStore.ClaimedRow> claimedRows = settle(outcomes, Math.max(0, limit), now);
        for (OutboxStore.ClaimedRow row : claimedRows) {
            hand(row);
        }
        if (limit <= 0) {
            return settings.pollInterval().toMillis(); // or sooner, when an outcome wakes us
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

    /**
     * Writes {@code outcomes} and claims up to {@code limit} rows in one transaction; on failure puts
     * the outcomes back for the next round and claims nothing.
     */
    private List<OutboxStore.ClaimedRow> settle(RowOutcomes outcomes, int limit, long now) throws SQLException {
        if (outcomes.isEmpty() && limit == 0) {
            return List.of();
        }
        List<OutboxStore.ClaimedRow> claimedRows;
        try {
            claimedRows = store.settleAndClaim(
                    outcomes,
                    settings.owner(),
                    limit,
                    now,
                    now + settings.lease().toMillis());
        } catch (SQLException | RuntimeException e) {
            rows.restore(outcomes);
            throw e;
        }
        rows.written(outcomes.size());
        delivered.addAndGet(outcomes.delete().size());
        parked.addAndGet(outcomes.park().size());
        released.addAndGet(outcomes.release().size());
        claimed.addAndGet(claimedRows.size());
        return claimedRows;
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
        settle(rows.drain(), 0, settings.clock().millis());
    }

    private void renew(long now) throws SQLException {
        List<Long> held = rows.heldIds();
        if (!held.isEmpty()) {
            store.renew(held, settings.owner(), now + settings.lease().toMillis());
        }
        nextRenewal = now + Math.max(1, settings.lease().toMillis() / 3);
    }

    private long backoffMillis(int failures) {
        long base = Math.max(50, settings.pollInterval().toMillis());
        long ceiling = Math.min(settings.maxBackoff().toMillis(), base << Math.min(failures - 1, 16));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** Wakes the loop: an outcome arrived, or the relay is stopping. */
    public void wake() {
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

    /** Stops claiming new rows; outcomes and renewals go on until {@link #stop()}. */
    public void stopClaiming() {
        claiming = false;
        wake();
    }

    /** Ends the loop after its current round. */
    public void stop() {
        running = false;
        wake();
    }

    /** The last backlog count, or null before the first. */
    public OutboxStore.@Nullable BacklogRow backlog() {
        return backlog;
    }

    /** When {@link #backlog()} was counted, in the clock's epoch milliseconds. */
    public long backlogMeasuredAt() {
        return backlogMeasuredAt;
    }
}
