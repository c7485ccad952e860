package ai.pagent.spring.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.spring.boot.CheckoutScenarios;
import ai.pagent.spring.boot.test.PagentFakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The checkout scenarios on a real Reactor Netty server on a random port, and what only a reactive
 * app has: {@code Mono} and {@code Flux} results, the variables from the subscriber's context. Each
 * starter runs it with its own Spring Boot line.
 */
@SpringBootTest(
        classes = ReactiveCheckoutApp.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
@PagentFakeIngest
public abstract class ReactiveCheckoutScenarios extends CheckoutScenarios {
    /** The class name of the embedded server the application runs on. */
    protected abstract String webServerClassName();

    @Test
    void runsOnReactorNetty() {
        assertThat(webServerClassName()).contains("Netty");
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
    void theVariablesAreVisibleToExpressions() {
        http.postJson("/variables", "{\"plan\":\"pro\",\"cents\":1}");

        assertThat(delivered()).hasSize(1);
    }
}
