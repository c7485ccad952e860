package ai.pagent.spring.boot.outbox;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outbox checkout on a fresh in-memory H2 database. */
class H2OutboxCheckoutTest extends OutboxCheckoutTestBase {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.h2();
        registry.add("spring.datasource.url", () -> url);
    }
}
