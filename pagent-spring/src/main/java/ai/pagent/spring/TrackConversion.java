package ai.pagent.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports a conversion to pagent each time the annotated method succeeds: it returned normally, a
 * returned {@code ResponseEntity} has a 2xx status, a returned {@code CompletableFuture}, {@code
 * Mono} or {@code Flux} completed successfully. Inside a transaction the event is queued after
 * commit, never on rollback; with an outbox ({@link ConversionTracker.Builder#outbox}, Spring Boot's
 * {@code pagent.outbox.enabled}) it is inserted into the outbox table in the transaction instead,
 * before the commit, and a failed insert is thrown to the transaction like any failed insert (an
 * asynchronous result is tracked through memory). Works on controllers and on any Spring bean called
 * while a request is handled.
 *
 * <pre>{@code
 * @PostMapping("/checkout")
 * @TrackConversion(goal = "checkout", revenue = "#result.totalCents", properties = "{plan: #form.plan}")
 * public Receipt checkout(@RequestBody CheckoutForm form) { ... }
 * }</pre>
 *
 * Expressions are SpEL, parsed once per method. They see the method's arguments by name (compile
 * with {@code -parameters}, as Spring Boot's build plugins do), the return value as {@code #result}
 * (unwrapped: the body of a {@code ResponseEntity}, the value of a {@code CompletableFuture} or
 * {@code Mono}, {@code null} for an empty {@code Mono}, the list of items of a {@code Flux}) and the
 * request's {@link ai.pagent.PagentVariables} as {@code #variables} ({@code null} when the request
 * carries none).
 *
 * <p>Tracking never breaks the method: missing variables, a fractional revenue, an expression that
 * fails, a full queue — each is logged (rate-limited) and counted in {@link
 * ConversionTracker#stats()}, and the method's result is returned untouched. Methods run by a
 * {@code @Transactional} proxy are tracked after commit; reactive transactions are not waited for.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TrackConversion {
    /**
     * The goal's label, sent as the event's {@code label}. When the configuration pins the goal
     * ({@code pagent.goals.<goal>}), its UUID is the {@code conversion_id}; otherwise the request's
     * variables supply it.
     */
    String goal();

    /**
     * SpEL expression for the revenue in integer cents ({@code "#result.totalCents"}); empty for
     * none. A fractional value (9.99) is an error, never rounded: convert major units yourself
     * ({@code "#result.total.movePointRight(2)"}).
     */
    String revenue() default "";

    /**
     * SpEL expression for the event's properties: a map ({@code "{plan: #form.plan}"}) or a list of
     * maps; empty for none.
     */
    String properties() default "";

    /** SpEL expression that must be {@code true} for the event to be sent; empty to always send. */
    String condition() default "";
}
