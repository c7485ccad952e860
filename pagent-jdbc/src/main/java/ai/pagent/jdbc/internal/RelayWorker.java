package ai.pagent.jdbc.internal;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import java.sql.SQLException;
import java.util.ArrayList;
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
        writeOutcomes();
        if (now >= nextRenewal) {
            renew(now);
        }
        if (now >= nextBacklog) {
            backlog = store.backlog();
            backlogMeasuredAt = now;
            nextBacklog = now + settings.backlogInterval().toMillis();
        }
        int room = settings.maxInFlight() - rows.held();
        if (!claiming || room <= 0) {
            return settings.pollInterval().toMillis(); // or sooner, when an outcome wakes us
        }
        int limit = Math.min(settings.batchSize(), room);
        List<OutboxStore.ClaimedRow> claimedRows =
                store.claim(settings.owner(), limit, now, now + settings.lease().toMillis());
        claimed.addAndGet(claimedRows.size());
        for (OutboxStore.ClaimedRow row : claimedRows) {
            hand(row);
        }
        // A full claim means more may be waiting: claim again at once while there is room.
        return claimedRows.size() == limit ? 0 : settings.pollInterval().toMillis();
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
        List<Long> done = rows.drainDelivered();
        List<InFlightRows.Parked> rejected = rows.drainParked();
        List<InFlightRows.Released> given = rows.drainReleased();
        if (done.isEmpty() && rejected.isEmpty() && given.isEmpty()) {
            return;
        }
        int written = 0;
        try {
            if (!done.isEmpty()) {
                store.delete(done);
                delivered.addAndGet(done.size());
                written += done.size();
                done = List.of();
            }
            while (!rejected.isEmpty()) {
                InFlightRows.Parked p = rejected.get(0);
                store.park(p.id(), p.error());
                parked.incrementAndGet();
                written++;
                rejected = rejected.subList(1, rejected.size());
            }
            while (!given.isEmpty()) {
                List<InFlightRows.Released> same = sameRelease(given);
                List<Long> ids = new ArrayList<>(same.size());
                for (InFlightRows.Released r : same) {
                    ids.add(r.id());
                }
                InFlightRows.Released first = same.get(0);
                store.release(ids, settings.owner(), first.notBefore(), first.error());
                released.addAndGet(ids.size());
                written += ids.size();
                given = given.subList(same.size(), given.size());
            }
        } catch (SQLException | RuntimeException e) {
            rows.restore(done, new ArrayList<>(rejected), new ArrayList<>(given));
            throw e;
        } finally {
            rows.written(written);
        }
    }

    /** The leading run of releases with the same time and error, to write in one statement. */
    private static List<InFlightRows.Released> sameRelease(List<InFlightRows.Released> given) {
        InFlightRows.Released first = given.get(0);
        int n = 1;
        while (n < given.size()
                && java.util.Objects.equals(given.get(n).notBefore(), first.notBefore())
                && java.util.Objects.equals(given.get(n).error(), first.error())) {
            n++;
        }
        return given.subList(0, n);
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
