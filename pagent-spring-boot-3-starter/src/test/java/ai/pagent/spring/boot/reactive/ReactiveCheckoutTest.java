package ai.pagent.spring.boot.reactive;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;

/** The reactive checkout scenarios on Spring Boot 3.5. */
class ReactiveCheckoutTest extends ReactiveCheckoutScenarios {
    @Autowired
    WebServerApplicationContext context;

    @Override
    protected String webServerClassName() {
        return context.getWebServer().getClass().getName();
    }
}
