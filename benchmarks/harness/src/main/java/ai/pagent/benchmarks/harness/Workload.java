package ai.pagent.benchmarks.harness;

/**
 * The one event every SDK is given, so that their numbers compare: a checkout of a session and a
 * user (ids varying per event), the goal's id (a UUID, the same for every event of the goal), a
 * label, revenue of 9.99, four custom properties built per event as a request thread builds them
 * from its order ({@code plan} a string, {@code quantity} an int, {@code coupon} a boolean,
 * {@code price} a double: the shape issue 9's independent harness measured), and the current time.
 *
 * <p>Caller-cost benchmarks take ids from a pool, as a request thread finds them already parsed
 * from its request; the retained-heap benchmark creates fresh ones per event, since a queued event
 * keeps its strings alive after the request is gone.
 */
public final class Workload {
    /** The goal's id ({@code conversion_id}). */
    public static final String GOAL_ID = "0b9d6c2e-5f1a-4c3b-9e8d-7a6f5e4d3c2b";
    /** The goal's label, and the event name for Segment and the span name for OpenTelemetry. */
    public static final String LABEL = "checkout";
    /** 9.99 in cents. */
    public static final long REVENUE_CENTS = 999;
    /** The custom property's key. */
    public static final String PLAN_KEY = "plan";
    /** The custom property's value. */
    public static final String PLAN = "pro";
    /** The property {@code quantity}. */
    public static final String QUANTITY_KEY = "quantity";
    /** The property {@code coupon}. */
    public static final String COUPON_KEY = "coupon";
    /** The property {@code price}. */
    public static final String PRICE_KEY = "price";
    /** Events per end-to-end burst. */
    public static final int BURST = 200_000;
    /** Events queued per round of the retained-heap measurement. */
    public static final int RETAINED_EVENTS = 100_000;

    private static final int POOL = 1024;
    private static final String[] SESSIONS = new String[POOL];
    private static final String[] USERS = new String[POOL];

    static {
        for (int i = 0; i < POOL; i++) {
            SESSIONS[i] = freshSessionId(i);
            USERS[i] = freshUserId(i);
        }
    }

    private Workload() {}

    /** The {@code quantity} of the {@code i}-th event: 1 to 4. */
    public static int quantity(int i) {
        return 1 + (i & 3);
    }

    /** The {@code coupon} of the {@code i}-th event. */
    public static boolean coupon(int i) {
        return (i & 1) == 0;
    }

    /** The {@code price} of the {@code i}-th event: 49.99 or 59.99. */
    public static double price(int i) {
        return (i & 2) == 0 ? 49.99 : 59.99;
    }

    /** The four custom properties of the {@code i}-th event, in a new map (as a request builds them). */
    public static java.util.Map<String, Object> properties(int i) {
        return java.util.Map.of(PLAN_KEY, PLAN, QUANTITY_KEY, quantity(i), COUPON_KEY, coupon(i), PRICE_KEY, price(i));
    }

    /** A session id from the pool. */
    public static String sessionId(int i) {
        return SESSIONS[i & (POOL - 1)];
    }

    /** A user id from the pool. */
    public static String userId(int i) {
        return USERS[i & (POOL - 1)];
    }

    /** A new 26-character session id string, as a browser's session ids look. */
    public static String freshSessionId(int i) {
        return "s_" + Long.toString(0x5DEECE66DL * (i + 1) & 0xFFFFFFFFFFFFL, 36) + "k3f9x2q7m1";
    }

    /** A new user id string of 13 characters. */
    public static String freshUserId(int i) {
        return "user-" + (10_000_000 + i);
    }
}
