package ai.pagent.micronaut;

import ai.pagent.PagentClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;

/** An application's own client, active only in the test that asks for it. */
@Factory
@Requires(property = "test.user-client", value = "true")
class UserClientFactory {
    static final int USER_QUEUE_CAPACITY = 7;

    @Singleton
    @Bean(preDestroy = "close")
    PagentClient usersOwnClient() {
        return PagentClient.builder()
                .dryRun(true)
                .queueCapacity(USER_QUEUE_CAPACITY)
                .shutdownTimeout(Duration.ofSeconds(1))
                .build();
    }
}
