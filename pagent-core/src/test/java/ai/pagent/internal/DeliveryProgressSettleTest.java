package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A durable buffer may give events up while the dispatcher claims from it (the spool drops events
 * whose segment was evicted, and settles them at once): they must still count as claimed, or a flush
 * waits for events that never come.
 */
class DeliveryProgressSettleTest {
    /** Waiting events; each claim first gives up {@code dropOnClaim} of them, as the spool does. */
    static final class DroppingBuffer implements EventBuffer {
        final ArrayDeque<Conversion> waiting = new ArrayDeque<>();
        DeliveryProgress progress;
        int dropOnClaim;

        @Override
        public int offer(Conversion event) {
            waiting.add(event);
            return waiting.size();
        }

        @Override
        public int claim(List<Conversion> into, int max) {
            int dropped = 0;
            while (dropOnClaim > 0 && !waiting.isEmpty()) {
                waiting.poll();
                dropOnClaim--;
                dropped++;
            }
            if (dropped > 0) {
                progress.settled(dropped); // reported from inside the claim, under the progress's lock
            }
            int n = 0;
            while (n < max && !waiting.isEmpty()) {
                into.add(waiting.poll());
                n++;
            }
            return n;
        }

        @Override
        public void completed(List<Conversion> events) {}

        @Override
        public int size() {
            return waiting.size();
        }
    }

    @Test
    void eventsGivenUpDuringAClaimCountAsClaimedSoAFlushEnds() {
        DroppingBuffer buffer = new DroppingBuffer();
        DeliveryProgress progress = new DeliveryProgress(buffer);
        buffer.progress = progress;
        for (int i = 0; i < 10; i++) {
            buffer.offer(TestConversions.event(i));
        }
        long target = progress.requestFlush(); // all ten
        buffer.dropOnClaim = 3;

        List<Conversion> batch = new ArrayList<>();
        long start = progress.claimBatch(batch, 5);
        assertThat(batch).hasSize(5);
        progress.finished(start, batch.size());
        List<Conversion> rest = new ArrayList<>();
        long restStart = progress.claimBatch(rest, 5);
        assertThat(rest).hasSize(2);
        progress.finished(restStart, rest.size());

        // 3 given up + 7 sent = the 10 the flush waits for: done now, without waiting for more events.
        assertThat(progress.awaitDone(target, System.nanoTime())).isTrue();
        assertThat(progress.requestFlush()).isEqualTo(target);
    }
}
