package ai.pagent.micronaut;

import ai.pagent.jdbc.OutboxRelay;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Tests wait less: the relay polls and counts its backlog often. */
@Singleton
@Requires(property = "test.outbox", value = "true")
class FastRelay implements OutboxRelayCustomizer {
    @Override
    public void customize(OutboxRelay.Builder builder) {
        builder.pollInterval(Duration.ofMillis(50)).backlogInterval(Duration.ofMillis(100));
    }
}
