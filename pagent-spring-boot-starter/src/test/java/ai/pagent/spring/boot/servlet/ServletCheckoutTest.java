package ai.pagent.spring.boot.servlet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The servlet checkout scenarios on Spring Boot 4. */
class ServletCheckoutTest extends ServletCheckoutScenarios {
    @Autowired
    WebServerApplicationContext context;

    @Override
    protected String webServerClassName() {
        return context.getWebServer().getClass().getName();
    }
}
