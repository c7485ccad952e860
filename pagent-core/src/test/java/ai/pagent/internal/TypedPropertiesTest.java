package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypedPropertiesTest {

    @Test
    void entriesPastTheBudgetAreIgnoredSoTheTextStaysNearIt() {
        TypedProperties p = new TypedProperties(1_000);
        for (int i = 0; i < 100_000; i++) {
            p.add("key" + i, "value " + i);
            p.add("n" + i, Double.NaN); // no violations gathered past the budget either
        }

        assertThat(p.encodedSize()).isBetween(1_001, 1_100);
        assertThat(p.json().length()).isLessThan(1_100);
        assertThat(p.violations()).hasSizeLessThanOrEqualTo(11);
    }

    @Test
    void readingTheTextLetsMoreEntriesFollow() {
        TypedProperties p = new TypedProperties(1_000);
        p.add("a", 1L);
        assertThat(p.json()).isEqualTo("{\"a\":1}");
        assertThat(p.encodedSize()).isEqualTo(7);

        p.add("b", true);

        assertThat(p.json()).isEqualTo("{\"a\":1,\"b\":true}");
        assertThat(p.encodedSize()).isEqualTo(16);
    }
}
