package ai.pagent.spring.boot.servlet;

import ai.pagent.PagentClient;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.TrackConversion;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A checkout app on Tomcat, with an H2 database and its transaction manager. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ServletCheckoutApp.CheckoutController.class, ServletCheckoutApp.Orders.class})
class ServletCheckoutApp {
    record Order(String plan, long cents) {}

    record Receipt(String plan, long totalCents, BigDecimal total) {}

    @RestController
    static class CheckoutController {
        private final Orders orders;
        private final ConversionTracker tracker;

        CheckoutController(Orders orders, ConversionTracker tracker) {
            this.orders = orders;
            this.tracker = tracker;
        }

        @PostMapping("/checkout")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents", properties = "{plan: #order.plan}")
        Receipt checkout(@RequestBody Order order) {
            return new Receipt(order.plan(), order.cents(), BigDecimal.valueOf(order.cents(), 2));
        }

        @PostMapping("/checkout-form")
        @TrackConversion(goal = "checkout", revenue = "#cents")
        String checkoutForm(@RequestParam long cents) {
            return String.valueOf(cents);
        }

        @PostMapping("/pinned")
        @TrackConversion(goal = "pinned")
        String pinned() {
            return "pinned";
        }

        @PostMapping("/rejected")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents")
        ResponseEntity<Receipt> rejected(@RequestBody Order order) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY)
                    .body(new Receipt(order.plan(), 0, BigDecimal.ZERO));
        }

        @PostMapping("/accepted")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents")
        ResponseEntity<Receipt> accepted(@RequestBody Order order) {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new Receipt(order.plan(), order.cents(), BigDecimal.valueOf(order.cents(), 2)));
        }

        @PostMapping("/fails")
        @TrackConversion(goal = "checkout", revenue = "#order.cents")
        Receipt fails(@RequestBody Order order) {
            throw new IllegalStateException("payment declined");
        }

        @PostMapping("/conditional")
        @TrackConversion(goal = "checkout", revenue = "#order.cents", condition = "#order.cents > 1000")
        String conditional(@RequestBody Order order) {
            return "ok " + order.cents();
        }

        @PostMapping("/fractional")
        @TrackConversion(goal = "checkout", revenue = "#result.total")
        Receipt fractional(@RequestBody Order order) {
            return new Receipt(order.plan(), order.cents(), BigDecimal.valueOf(order.cents(), 2));
        }

        @PostMapping("/async")
        @TrackConversion(goal = "checkout", revenue = "#result.totalCents")
        CompletableFuture<Receipt> async(@RequestBody Order order) {
            return CompletableFuture.supplyAsync(
                    () -> new Receipt(order.plan(), order.cents(), BigDecimal.valueOf(order.cents(), 2)));
        }

        @PostMapping("/programmatic")
        String programmatic(@RequestBody Order order) {
            return "queued " + tracker.track("checkout", order.cents());
        }

        @PostMapping("/tx/commit")
        @Transactional
        String commit(@RequestBody Order order) {
            long before = orders.queued();
            orders.save(order);
            // Inside the transaction the event waits for the commit.
            return "queued during transaction: " + (orders.queued() - before);
        }

        @PostMapping("/tx/rollback")
        @Transactional
        String rollback(@RequestBody Order order) {
            orders.save(order);
            throw new IllegalStateException("stock check failed after the order was saved");
        }
    }

    @Service
    static class Orders {
        final JdbcTemplate jdbc;
        final PagentClient client;
        final AtomicLong saved = new AtomicLong();

        Orders(JdbcTemplate jdbc, PagentClient client) {
            this.jdbc = jdbc;
            this.client = client;
            jdbc.execute("create table if not exists orders (id bigint auto_increment primary key,"
                    + " plan varchar(64), cents bigint)");
        }

        @TrackConversion(goal = "checkout", revenue = "#order.cents", properties = "{source: 'service'}")
        long save(Order order) {
            jdbc.update("insert into orders (plan, cents) values (?, ?)", order.plan(), order.cents());
            return saved.incrementAndGet();
        }

        long queued() {
            return client.stats().queued();
        }

        long count(String plan) {
            Long n = jdbc.queryForObject("select count(*) from orders where plan = ?", Long.class, plan);
            return n == null ? 0 : n;
        }
    }
}
