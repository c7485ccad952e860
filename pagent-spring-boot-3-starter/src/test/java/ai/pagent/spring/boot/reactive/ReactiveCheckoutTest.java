package ai.pagent.spring.boot.reactive;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The reactive checkout scenarios on Spring Boot 3.5. With Tomcat on the classpath too (the servlet
 * tests need it), Spring Boot 3.5 would start a reactive app on Tomcat, where Spring Boot 4 picks
 * Reactor Netty; the server factory below keeps these scenarios on Reactor Netty on both lines.
 */
@Import(ReactiveCheckoutTest.OnReactorNetty.class)
class ReactiveCheckoutTest extends ReactiveCheckoutScenarios {
    @Autowired
    WebServerApplicationContext context;

    @Override
    protected String webServerClassName() {
        return context.getWebServer().getClass().getName();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class OnReactorNetty {
        @Bean
        NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
            return new NettyReactiveWebServerFactory();
        }
    }
}
