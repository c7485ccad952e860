package ai.pagent.internal;

import ai.pagent.Conversion;

/** Valid events for internal tests: event {@code i} has session id {@code "session-i"}. */
final class TestConversions {
    private TestConversions() {}

    static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + i)
                .conversionId("3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34")
                .label("checkout")
                .revenueCents(100L + i)
                .build();
    }
}
