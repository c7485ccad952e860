package ai.pagent.spring.boot.reactive;

import ai.pagent.spring.TrackConversion;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A checkout app on WebFlux (Reactor Netty). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReactiveCheckoutApp.CheckoutHandlers.class)
class ReactiveCheckoutApp {
    record Order(String plan, long cents) {}

    record Receipt(String plan, long totalCents, BigDecimal total) {}

    record Item(String sku) {}

    @RestController
    static class CheckoutHandlers {
        @PostMapping("/checkout")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents", properties = "{plan: #order.plan}")
        Mono<Receipt> checkout(@RequestBody Order order) {
            // Completes on another thread, later: the variables must come from the subscriber's context.
            return Mono.fromCallable(() -> receipt(order))
                    .delayElement(Duration.ofMillis(20))
                    .subscribeOn(Schedulers.boundedElastic());
        }

        @PostMapping("/items")
        @TrackConversion(goal = "checkout", revenue = "#result.size() * 100")
        Flux<Item> items(@RequestBody Order order) {
            return Flux.just(new Item("a"), new Item("b"), new Item("c")).delayElements(Duration.ofMillis(5));
        }

        @PostMapping("/empty")
        @TrackConversion(goal = "signup", condition = "#result == null")
        Mono<Void> empty(@RequestBody Order order) {
            return Mono.empty();
        }

        @PostMapping("/checkout-form")
        @TrackConversion(goal = "checkout", revenue = "#result")
        Mono<Long> checkoutForm(ServerWebExchange exchange) {
            // The filter read the form first; the handler still gets it (cached by the exchange).
            return exchange.getFormData().map(form -> Long.parseLong(form.getFirst("cents")));
        }

        @PostMapping("/rejected")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents")
        Mono<ResponseEntity<Receipt>> rejected(@RequestBody Order order) {
            return Mono.just(
                    ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY).body(receipt(order)));
        }

        @PostMapping("/fails")
        @TrackConversion(goal = "checkout", revenue = "#order.cents")
        Mono<Receipt> fails(@RequestBody Order order) {
            return Mono.error(new IllegalStateException("payment declined"));
        }

        @PostMapping("/conditional")
        @TrackConversion(goal = "checkout", revenue = "#order.cents", condition = "#order.cents > 1000")
        Mono<String> conditional(@RequestBody Order order) {
            return Mono.just("ok " + order.cents());
        }

        @PostMapping("/fractional")
        @TrackConversion(goal = "checkout", revenue = "#result.total")
        Mono<Receipt> fractional(@RequestBody Order order) {
            return Mono.just(receipt(order));
        }

        @PostMapping("/variables")
        @TrackConversion(goal = "checkout", condition = "#variables.sessionId == 'sess-1'")
        Mono<String> variables(@RequestBody Order order) {
            return Mono.just("seen");
        }

        private static Receipt receipt(Order order) {
            return new Receipt(order.plan(), order.cents(), BigDecimal.valueOf(order.cents(), 2));
        }
    }
}
