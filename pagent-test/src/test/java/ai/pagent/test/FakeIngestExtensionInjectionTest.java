package ai.pagent.test;

import static ai.pagent.test.RawHttp.batch;
import static ai.pagent.test.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension registered declaratively, with the ingest injected into lifecycle and test methods. */
@ExtendWith(FakeIngestExtension.class)
class FakeIngestExtensionInjectionTest {

    static FakeIngest fromBeforeAll;

    FakeIngestExtensionInjectionTest(FakeIngest fromConstructor) {
        assertThat(fromConstructor).isSameAs(fromBeforeAll);
    }

    @BeforeAll
    static void remember(FakeIngest ingest) {
        fromBeforeAll = ingest;
    }

    @AfterAll
    static void keepsItRunningUntilAfterAll(FakeIngest ingest) {
        assertThat(post(ingest, batch(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void injectsARunningIngestWithARandomKey(FakeIngest injected) {
        assertThat(injected).isSameAs(fromBeforeAll);
        assertThat(injected.apiKey()).startsWith("test-");
        assertThat(post(injected, batch(0, 3)).body()).isEqualTo("{\"accepted\":3}");
    }

    @Test
    void startsEachTestWithNothingRecorded(FakeIngest injected) {
        assertThat(injected.events()).isEmpty();
        post(injected, batch(0, 1));
        assertThat(injected.events()).hasSize(1);
    }
}
