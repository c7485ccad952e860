package ai.pagent.spring.boot.servlet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;

/** The servlet checkout scenarios on Spring Boot 3.5. */
class ServletCheckoutTest extends ServletCheckoutScenarios {
    @Autowired
    WebServerApplicationContext context;

    @Override
    protected String webServerClassName() {
        return context.getWebServer().getClass().getName();
    }
}
