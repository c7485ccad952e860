package ai.pagent.spring.boot.outbox;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outbox checkout on a fresh database of an embedded PostgreSQL 17. */
class PostgresOutboxCheckoutTest extends OutboxCheckoutTestBase {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.postgres();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
