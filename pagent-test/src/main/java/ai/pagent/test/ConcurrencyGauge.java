package ai.pagent.test;

/**
 * How many requests {@link FakeIngest} is answering at once (received, not yet answered), and the
 * most at once since the start or the last reset: what a client's limit of requests in flight looks
 * like from the server.
 */
final class ConcurrencyGauge {

    // Guarded by this.
    private int current;
    private int max;

    synchronized void enter() {
        current++;
        max = Math.max(max, current);
    }

    synchronized void exit() {
        current--;
    }

    synchronized int current() {
        return current;
    }

    synchronized int max() {
        return max;
    }

    /** Starts the most-at-once over from the requests under way now. */
    synchronized void reset() {
        max = current;
    }
}
