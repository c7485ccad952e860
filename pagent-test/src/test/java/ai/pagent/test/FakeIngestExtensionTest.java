package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static ai.pagent.test.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one ingest per class, reset before each test, injectable. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeIngestExtensionTest {

    @RegisterExtension
    static final FakeIngestExtension ingest =
            new FakeIngestExtension(FakeIngest.builder().apiKey("ext-key"));

    static FakeIngest firstSeen;

    @Test
    @Order(1)
    void startsTheIngestBeforeTheFirstTest() {
        firstSeen = ingest.get();

        assertThat(ingest.get().apiKey()).isEqualTo("ext-key");
        assertThat(post(ingest.get(), batch(0, 2)).statusCode()).isEqualTo(200);
        ingest.get().failNext(503, 1).rotateKey("other");
    }

    @Test
    @Order(2)
    void resetsTheSameIngestBeforeEachTest(FakeIngest injected) {
        assertThat(injected).isSameAs(firstSeen).isSameAs(ingest.get());
        assertThat(injected.events()).isEmpty();
        assertThat(injected.apiKey()).isEqualTo("ext-key");
        assertThat(post(injected, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Nested
    class InANestedClass {

        @Test
        void sharesTheOuterIngest(FakeIngest injected) {
            assertThat(injected).isSameAs(ingest.get());
            assertThat(injected.events()).isEmpty();
            assertThat(post(injected, batch(0, 1)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAccessOutsideATestClass() {
        FakeIngestExtension unused = new FakeIngestExtension();

        assertThatThrownBy(unused::get).isInstanceOf(IllegalStateException.class);
    }
}
