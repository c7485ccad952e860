package ai.pagent.micronaut;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.micronaut.aop.Around;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Reports a conversion to pagent after the annotated method succeeded: it returned normally, a
 * returned {@code HttpResponse} has a 2xx status, a returned {@code CompletableFuture} or {@code
 * Publisher} completed without error. Inside a {@code @Transactional} method the event is queued
 * after the commit (never on rollback) when Micronaut Data's transaction manager is present.
 *
 * <pre>{@code
 * @Post("/checkout")
 * @TrackConversion(goal = "checkout", revenueFrom = "totalCents",
 *         properties = @TrackConversion.Property(name = "plan", value = "#{ #form.plan }"))
 * Receipt checkout(@Body CheckoutForm form) { ... }   // Receipt: a @Serdeable record
 * }</pre>
 *
 * <p>{@link #goal()}, {@link #revenue()}, {@link #condition()} and property values are Micronaut
 * evaluated expressions over the method's arguments ({@code #{ #form.cents }}), compiled with the
 * application. The result's values come through its compile-time bean introspection ({@link
 * #revenueFrom()}, {@link Property#from()}), never runtime reflection. The variables are the
 * current request's ({@link ai.pagent.PagentVariables#ATTRIBUTE}); the conversion id is {@code
 * pagent.goals.<goal>} when configured, else the browser's.
 *
 * <p>Tracking never breaks the method: missing variables, a value that is not whole cents, a full
 * queue are logged (rate-limited) and counted ({@link ConversionTracker#skipped()}), and the
 * method's result is returned untouched.
 *
 * <p>Micronaut weaves this advice into the application's classes when they are compiled: after
 * upgrading pagent-micronaut, build clean.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
@Around
public @interface TrackConversion {
    /** The goal's label, e.g. {@code "checkout"}; may be an expression. */
    String goal();

    /** Revenue in whole cents: an expression over the arguments, e.g. {@code "#{ #order.cents }"}. */
    String revenue() default "";

    /** Revenue in whole cents from this property of the (introspected) result, e.g. {@code "totalCents"}. */
    String revenueFrom() default "";

    /** Properties of the event. */
    Property[] properties() default {};

    /** An expression over the arguments; the event is sent only when it yields {@code true}. */
    String condition() default "";

    /** One property of the event: from an expression over the arguments or from a result property. */
    @Documented
    @Retention(RUNTIME)
    @Target({})
    @interface Property {
        /** The property's name in the event. */
        String name();

        /** An expression over the arguments, e.g. {@code "#{ #form.plan }"}, or a constant. */
        String value() default "";

        /** A property of the (introspected) result, e.g. {@code "itemCount"}. */
        String from() default "";
    }
}
