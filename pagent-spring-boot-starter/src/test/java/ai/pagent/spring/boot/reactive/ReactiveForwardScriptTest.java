package ai.pagent.spring.boot.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.spring.boot.ForwardScriptRequests;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A WebFlux app serves pagent-forward.js like a servlet app does, on a real Reactor Netty server. */
class ReactiveForwardScriptTest {
    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(ReactiveCheckoutApp.class)
                .properties("spring.main.web-application-type=reactive", "server.port=0", "pagent.dry-run=true")
                .properties(properties)
                .run();
    }

    private static ForwardScriptRequests requests(ConfigurableApplicationContext context) {
        return new ForwardScriptRequests(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void servesTheScriptAtTheDefaultPathWithAnEtag() {
        try (ConfigurableApplicationContext context = start()) {
            requests(context).assertServedAt("/_pagent/forward.js", "X-Pagent-Variables", "_pgnt");
        }
    }

    @Test
    void servesItAtTheConfiguredPathWithTheConfiguredCarrierNames() {
        try (ConfigurableApplicationContext context = start(
                "pagent.filter.script-path=/assets/pgnt.js",
                "pagent.variables.json-header=X-Shop-Vars",
                "pagent.variables.json-parameter=shop_vars")) {
            ForwardScriptRequests http = requests(context);
            http.assertServedAt("/assets/pgnt.js", "X-Shop-Vars", "shop_vars");
            assertThat(http.get("/_pagent/forward.js").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anEmptyScriptPathServesNothing() {
        try (ConfigurableApplicationContext context = start("pagent.filter.script-path=")) {
            HttpResponse<String> response = requests(context).get("/_pagent/forward.js");
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }
}
