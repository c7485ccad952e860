package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.RequestObserver;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.FakeIngestExtension;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * {@link HttpTransport}'s URL below the endpoint's path, and its {@link RequestObserver}: the time
 * it hears is the request's own, and an observer that throws (with or without a message) never
 * changes the request's outcome.
 */
class HttpTransportObserverTest {
    @RegisterExtension
    static final FakeIngestExtension ingestExtension = new FakeIngestExtension();

    private final FakeIngest ingest = ingestExtension.get();

    @ParameterizedTest
    @CsvSource({
        "https://ingest.pagent.ai, https://ingest.pagent.ai/v1/conversions",
        "https://ingest.pagent.ai/, https://ingest.pagent.ai/v1/conversions",
        "https://proxy.example.com/pagent, https://proxy.example.com/pagent/v1/conversions",
        "https://proxy.example.com/pagent/, https://proxy.example.com/pagent/v1/conversions"
    })
    void postsToV1ConversionsBelowTheEndpointsPath(String endpoint, String url) {
        assertThat(HttpTransport.conversionsUrl(okhttp3.HttpUrl.get(endpoint))).hasToString(url);
    }

    private HttpTransport transport(RequestObserver observer) {
        return new HttpTransport(
                HttpTransport.defaultClient(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                true,
                HttpTransport.conversionsUrl(okhttp3.HttpUrl.get(ingest.endpoint())),
                ApiKey.of(ingest.apiKey()),
                Clock.systemUTC(),
                observer);
    }

    @Test
    void theObserverHearsNoMoreTimeThanTheRequestTook() {
        List<Duration> took = new CopyOnWriteArrayList<>();
        HttpTransport t = transport((status, events, d) -> took.add(d));
        try {
            long started = System.nanoTime();
            t.send(List.of(TestConversions.event(1)));
            Duration around = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took)
                    .singleElement()
                    .satisfies(d -> assertThat(d).isPositive().isLessThanOrEqualTo(around));
        } finally {
            t.close();
        }
    }

    @Test
    void anObserverThatThrowsWithoutAMessageChangesNothing() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpTransport.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        HttpTransport t = transport((status, events, d) -> {
            throw new IllegalStateException();
        });
        try {
            assertThat(t.send(List.of(TestConversions.event(1))).accepted()).isEqualTo(1);

            assertThat(appender.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("pagent RequestObserver threw java.lang.IllegalStateException; delivery goes on");
        } finally {
            t.close();
            logger.detachAppender(appender);
        }
    }

    @Test
    void anObserverThatThrowsIsLoggedWithItsMessage() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpTransport.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        HttpTransport t = transport((status, events, d) -> {
            throw new IllegalStateException("meter registry closed");
        });
        try {
            assertThat(t.send(List.of(TestConversions.event(1))).accepted()).isEqualTo(1);

            assertThat(appender.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement()
                    .asString()
                    .startsWith("pagent RequestObserver threw java.lang.IllegalStateException: ")
                    .contains("meter registry closed");
        } finally {
            t.close();
            logger.detachAppender(appender);
        }
    }
}
