package ai.pagent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Valid events for tests: event {@code i} has session id {@code "session-i"}, so each is traceable. */
final class TestEvents {
    static final String GOAL = "3f2c9a4e-8b1d-4c6f-9e2a-7d5b1c0f8e34";

    private TestEvents() {}

    static Conversion event(int i) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + (i % 7))
                .conversionId(GOAL)
                .label("checkout")
                .revenueCents(100L + i)
                .properties(Map.of("plan", "pro"))
                .build();
    }

    static Conversion labelled(int i, String label) {
        return Conversion.builder()
                .sessionId("session-" + i)
                .userId("user-" + i)
                .conversionId(GOAL)
                .label(label)
                .build();
    }

    static List<Conversion> events(int from, int count) {
        List<Conversion> list = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            list.add(event(i));
        }
        return list;
    }
}
