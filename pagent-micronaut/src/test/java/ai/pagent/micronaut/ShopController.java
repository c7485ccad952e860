package ai.pagent.micronaut;

import ai.pagent.PagentVariables;
import ai.pagent.micronaut.Shop.CheckoutForm;
import ai.pagent.micronaut.Shop.FormOrder;
import ai.pagent.micronaut.Shop.Receipt;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Controller("/shop")
class ShopController {
    private final OrderService orders;

    ShopController(OrderService orders) {
        this.orders = orders;
    }

    @Post("/checkout")
    @TrackConversion(
            goal = "checkout",
            revenueFrom = "totalCents",
            properties = {
                @TrackConversion.Property(name = "plan", value = "#{ #form.plan }"),
                @TrackConversion.Property(name = "order", from = "orderId")
            })
    Receipt checkout(@Body CheckoutForm form) {
        return new Receipt("o-" + form.cents(), form.cents(), form.plan());
    }

    @Post("/expression")
    @TrackConversion(
            goal = "#{ 'check' + 'out' }",
            revenue = "#{ #form.cents * 2 }",
            condition = "#{ #form.cents > 1000 }")
    Receipt expression(@Body CheckoutForm form) {
        return new Receipt("e", form.cents(), form.plan());
    }

    @Post("/rejected")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents }")
    HttpResponse<Receipt> rejected(@Body CheckoutForm form) {
        return HttpResponse.unprocessableEntity();
    }

    @Post("/created")
    @TrackConversion(goal = "checkout", revenueFrom = "totalCents")
    HttpResponse<Receipt> created(@Body CheckoutForm form) {
        return HttpResponse.created(new Receipt("c", form.cents(), form.plan()));
    }

    @Post("/fails")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents }")
    Receipt fails(@Body CheckoutForm form) {
        throw new IllegalStateException("payment declined");
    }

    @Post("/async")
    @TrackConversion(goal = "checkout", revenueFrom = "totalCents")
    CompletableFuture<Receipt> async(@Body CheckoutForm form) {
        return CompletableFuture.supplyAsync(() -> new Receipt("a", form.cents(), form.plan()));
    }

    @Post("/async-fails")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents }")
    CompletableFuture<Receipt> asyncFails(@Body CheckoutForm form) {
        return CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("payment declined");
        });
    }

    @Post("/mono")
    @TrackConversion(goal = "checkout", revenueFrom = "totalCents")
    Mono<Receipt> mono(@Body CheckoutForm form) {
        return Mono.fromSupplier(() -> new Receipt("m", form.cents(), form.plan()));
    }

    @Post("/mono-fails")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents }")
    Mono<Receipt> monoFails(@Body CheckoutForm form) {
        return Mono.error(new IllegalStateException("payment declined"));
    }

    @Post("/flux")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents }")
    Flux<Receipt> flux(@Body CheckoutForm form) {
        return Flux.just(new Receipt("f1", 1, form.plan()), new Receipt("f2", 2, form.plan()));
    }

    @Post("/fractional")
    @TrackConversion(goal = "checkout", revenue = "#{ #form.cents / 100.0 }")
    Receipt fractional(@Body CheckoutForm form) {
        return new Receipt("x", form.cents(), form.plan());
    }

    @Post("/service")
    @ExecuteOn(TaskExecutors.BLOCKING)
    Receipt service(@Body CheckoutForm form) {
        return new Receipt("s", orders.place(form.cents()).totalCents(), form.plan());
    }

    /** Single form fields: Netty's binder runs this as soon as plan and cents arrived. */
    @Post(uri = "/form/fields", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @TrackConversion(goal = "checkout", revenue = "#{ #cents }")
    String formFields(@Body("plan") String plan, @Body("cents") long cents, HttpRequest<?> request) {
        return plan + ":" + cents + ":" + sessionOf(request);
    }

    /** The whole form bound to a record. */
    @Post(uri = "/form/record", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @TrackConversion(goal = "checkout", revenue = "#{ #order.cents }")
    String formRecord(@Body FormOrder order, HttpRequest<?> request) {
        return order.plan() + ":" + order.cents() + ":" + sessionOf(request);
    }

    /** The raw form body, the handler parses it itself. */
    @Post(uri = "/form/raw", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @TrackConversion(goal = "checkout", revenue = "#{ #raw.length() }")
    String formRaw(@Body String raw, HttpRequest<?> request) {
        return raw.length() + ":" + sessionOf(request);
    }

    /** What the filter stored for this request. */
    @Get("/variables")
    String variables(HttpRequest<?> request) {
        return sessionOf(request);
    }

    /** A JSON body with a _pgnt member: not a carrier, the filter must not read it. */
    @Post("/json")
    String json(@Body java.util.Map<String, Object> body, HttpRequest<?> request) {
        return body.keySet() + ":" + sessionOf(request);
    }

    private static String sessionOf(HttpRequest<?> request) {
        return request.getAttribute(PagentVariables.ATTRIBUTE, PagentVariables.class)
                .map(PagentVariables::sessionId)
                .orElse("none");
    }
}
