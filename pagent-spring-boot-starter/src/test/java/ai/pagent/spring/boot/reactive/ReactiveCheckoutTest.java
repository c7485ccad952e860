package ai.pagent.spring.boot.reactive;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The reactive checkout scenarios on Spring Boot 4. */
class ReactiveCheckoutTest extends ReactiveCheckoutScenarios {
    @Autowired
    WebServerApplicationContext context;

    @Override
    protected String webServerClassName() {
        return context.getWebServer().getClass().getName();
    }
}
