package ai.pagent.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.spring.boot.ForwardScriptRequests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code pagent.filter.script-path} in a servlet app, on a real embedded server. */
class ServletForwardScriptTest {
    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(ServletCheckoutApp.class)
                .properties("server.port=0", "pagent.dry-run=true")
                .properties(properties)
                .run();
    }

    private static ForwardScriptRequests requests(ConfigurableApplicationContext context) {
        return new ForwardScriptRequests(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void servesItAtTheConfiguredPathAlsoWhenTheFilterSeesOnlySomeUrls() {
        try (ConfigurableApplicationContext context =
                start("pagent.filter.script-path=/assets/pgnt.js", "pagent.filter.url-patterns=/checkout")) {
            ForwardScriptRequests http = requests(context);
            http.assertServedAt("/assets/pgnt.js", "X-Pagent-Variables", "_pgnt");
            assertThat(http.get("/_pagent/forward.js").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anEmptyScriptPathServesNothing() {
        try (ConfigurableApplicationContext context = start("pagent.filter.script-path=")) {
            assertThat(requests(context).get("/_pagent/forward.js").statusCode())
                    .isEqualTo(404);
        }
    }
}
