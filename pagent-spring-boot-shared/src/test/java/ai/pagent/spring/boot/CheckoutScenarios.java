package ai.pagent.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentClient;
import ai.pagent.spring.ConversionTracker;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The checkout scenarios every web stack must pass, against a real server on a random port and a
 * FakeIngest: the servlet and the reactive tests of both starters extend this. The application
 * behind it answers {@code /checkout}, {@code /checkout-form}, {@code /rejected}, {@code /fails},
 * {@code /conditional} and {@code /fractional} with the same {@code @TrackConversion} semantics.
 */
public abstract class CheckoutScenarios {
    @LocalServerPort
    protected int port;

    @Autowired
    protected FakeIngest ingest;

    @Autowired
    protected PagentClient client;

    @Autowired
    protected ConversionTracker tracker;

    protected Http http;
    protected ConversionTracker.Stats before;

    @BeforeEach
    void setUpCheckout() {
        http = new Http(port);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        ingest.reset();
        before = tracker.stats();
    }

    @Test
    void aCheckoutCarryingTheVariablesSendsExactlyOneEventWithTheRevenueOfTheResult() {
        HttpResponse<String> response = http.postJson("/checkout", "{\"plan\":\"pro\",\"cents\":4999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":4999");
        List<ReceivedEvent> events = delivered();
        assertThat(events).hasSize(1);
        ReceivedEvent event = events.get(0);
        assertThat(event.sessionId()).isEqualTo(Http.SESSION);
        assertThat(event.userId()).isEqualTo(Http.USER);
        assertThat(event.conversionId()).isEqualTo(Http.GOAL_ID);
        assertThat(event.label()).isEqualTo("checkout");
        assertThat(event.revenue()).isEqualTo(4999L);
        assertThat(event.properties()).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void aFormCarryingTheVariablesInAHiddenFieldIsTrackedAndTheHandlerStillReadsTheForm() {
        HttpResponse<String> response = http.postForm("/checkout-form", "cents=1500&" + Http.formVariables());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1500"); // the handler read the form the filter read first
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1500L);
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
    void aFalseConditionSendsNothingAndCountsASkip() {
        HttpResponse<String> response = http.postJson("/conditional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.body()).isEqualTo("ok 999");
        assertThat(delivered()).isEmpty();
        assertThat(tracker.stats().skipped()).isEqualTo(before.skipped() + 1);

        http.postJson("/conditional", "{\"plan\":\"pro\",\"cents\":1001}");
        assertThat(delivered()).extracting(ReceivedEvent::revenue).containsExactly(1001L);
    }

    @Test
    void aFractionalRevenueIsCountedAndTheResponseIsUntouched() {
        HttpResponse<String> response = http.postJson("/fractional", "{\"plan\":\"pro\",\"cents\":999}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"totalCents\":999").contains("\"total\":9.99");
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
    protected List<ReceivedEvent> delivered() {
        // flush returns once every event tracked before it was answered, so the ingest has them all.
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        return ingest.events();
    }
}
