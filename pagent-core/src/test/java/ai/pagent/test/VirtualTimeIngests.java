package ai.pagent.test;

import java.util.function.LongSupplier;

/**
 * Starts a {@link FakeIngest} whose rate bound ({@link FakeIngest#rateLimitAbove}) reads a clock the
 * test moves, for pagent-core's tests on virtual time (the builder's clock is package-private: it is
 * no part of FakeIngest's public API).
 */
public final class VirtualTimeIngests {
    private VirtualTimeIngests() {}

    /** A fake ingest on loopback whose rate bound counts time by {@code nanoClock}. */
    public static FakeIngest start(LongSupplier nanoClock) {
        return FakeIngest.builder().nanoClock(nanoClock).start();
    }
}
