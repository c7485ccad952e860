package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxRelay;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** An {@link OutboxRelayCustomizer}: names the test applications' relays. */
@Singleton
@Requires(property = "test.outbox", value = "true")
class NamedRelay implements OutboxRelayCustomizer {
    static final String OWNER = "micronaut-test-relay";

    @Override
    public void customize(OutboxRelay.Builder builder) {
        builder.owner(OWNER);
    }
}
