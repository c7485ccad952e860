package ai.pagent.spring.boot.reactive;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the reactive test app on Reactor Netty. Spring Boot 4 prefers Reactor Netty already; the factory says so.
 */
@Configuration(proxyBeanMethods = false)
class OnReactorNetty {
    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
        return new NettyReactiveWebServerFactory();
    }
}
