package ai.pagent.spring.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.boot.Http;
import ai.pagent.spring.boot.test.PagentFakeIngest;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The checkout scenarios on a real Reactor Netty server on a random port, with a FakeIngest. */
@SpringBootTest(
        classes = ReactiveCheckoutApp.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
@PagentFakeIngest
class ReactiveCheckoutTest {
    @LocalServerPort
    int port;

    @Autowired
    FakeIngest ingest;

    @Autowired
    PagentClient client;

    @Autowired
    ConversionTracker tracker;

    @Autowired
    WebServerApplicationContext context;

    Http http;
    ConversionTracker.Stats before;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        before = tracker.stats();
    }

    @Test
    void runsOnReactorNetty() {
        assertThat(context.getWebServer().getClass().getName()).contains("Netty");
    }

    @Test
    void aMonoCheckoutSendsExactlyOneEventWithTheRevenueOfItsValue() {
        HttpResponse<String> response = http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        List<ReceivedEvent> events = delivered();
        assertThat(events).hasSize(1);
        ReceivedEvent event = events.get(0);
        assertThat(event.sessionId()).isEqualTo(Http.SESSION);
        assertThat(event.conversionId()).isEqualTo(Http.GOAL_ID);
        assertThat(event.revenue()).isEqualTo(4999L);
        assertThat(event.properties()).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void aFluxIsTrackedOnCompletionWithTheListOfItsItems() {
        HttpResponse<String> response = http.postJson("/items", "{\"plan\":\"pro\",\"cents\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"sku\":\"c\"");
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(300L);
    }

    @Test
    void anEmptyMonoCountsAsSuccessWithANullResult() {
        http.postJson("/empty", "{\"plan\":\"pro\",\"cents\":1}");

        assertThat(delivered()).extracting(ReceivedEvent::label).containsExactly("signup");
    }

    @Test
    void aFormFieldCarriesTheVariablesAndTheHandlerStillReadsTheForm() {
        HttpResponse<String> response = http.postForm("/checkout-form", "cents=1500&" + Http.formVariables());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1500");
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1500L);
    }

    @Test
    void theVariablesAreVisibleToExpressions() {
        http.postJson("/variables", "{\"plan\":\"pro\",\"cents\":1}");

        assertThat(delivered()).hasSize(1);
    }

    @Test
    void a4xxResponseEntitySendsNothing() {
        HttpResponse<String> response = http.postJson("/rejected", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void anErrorSendsNothing() {
        HttpResponse<String> response = http.postJson("/fails", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats()).isEqualTo(before);
    }

    @Test
    void aFalseConditionSendsNothing() {
        HttpResponse<String> response = http.postJson("/conditional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.body()).isEqualTo("ok 999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().skipped()).isEqualTo(before.skipped() + 1);
    }

    @Test
    void aFractionalRevenueIsCountedAndTheResponseIsUntouched() {
        HttpResponse<String> response = http.postJson("/fractional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"total\":9.99");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().invalid()).isEqualTo(before.invalid() + 1);
    }

    @Test
    void aRequestWithoutVariablesIsCountedAndTheResponseIsUntouched() {
        HttpResponse<String> response = http.postJsonWithoutVariables("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().noVariables()).isEqualTo(before.noVariables() + 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "{\"session_id\":\"\",\"user_id\":\"u\"}",
                "{\"session_id\":\"s\",\"user_id\":\"u\",\"conversion_id\":\"not-a-uuid\"}",
                "[1,2,3]",
                "null"
            })
    void malformedVariablesAreIgnoredAndTheResponseIsUntouched(String junk) {
        HttpResponse<String> response =
                http.postJsonWithHeader("/checkout", "{\"plan\":\"pro\",\"cents\":4999}", "X-Pagent-Variables", junk);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().noVariables()).isEqualTo(before.noVariables() + 1);
    }

    @Test
    void anOversizedVariablesHeaderIsIgnored() {
        String huge = "{\"session_id\":\"" + "s".repeat(5000) + "\",\"user_id\":\"u\"}";
        HttpResponse<String> response =
                http.postJsonWithHeader("/checkout", "{\"plan\":\"pro\",\"cents\":1}", "X-Pagent-Variables", huge);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(delivered()).isEmpty();
    }

    /** Everything tracked so far, once the client has delivered it. */
    private List<ReceivedEvent> delivered() {
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        return ingest.events();
    }
}
