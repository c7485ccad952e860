package ai.pagent.spring.boot.reactive;

import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the reactive test app on Reactor Netty. With Tomcat on the test classpath too (the servlet tests need it), Spring Boot 3.5 would start a reactive app on Tomcat, where Spring Boot 4 picks Reactor Netty.
 */
@Configuration(proxyBeanMethods = false)
class OnReactorNetty {
    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
        return new NettyReactiveWebServerFactory();
    }
}
