package ai.pagent.micronaut;

import ai.pagent.PagentVariables;
import ai.pagent.micronaut.internal.RateLimitedLog;
import io.micronaut.aop.InterceptedMethod;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.inject.ExecutableMethod;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;

/**
 * The advice behind {@link TrackConversion}: lets the method run, then, on success, evaluates the
 * annotation against the arguments and the result and hands the event to the {@link
 * ConversionTracker}. Nothing here can fail the method, except what the method's own transaction
 * must hear: with {@code pagent.outbox.enabled=true}, a synchronous method running in a transaction
 * inserts the event into the outbox before it returns, and a failed insert is thrown as {@link
 * OutboxWriteException}, which rolls a {@code @Transactional} method back.
 */
@InterceptorBean(TrackConversion.class)
final class TrackConversionInterceptor implements MethodInterceptor<Object, Object> {
    private static final RateLimitedLog OUTBOX_WARNINGS =
            new RateLimitedLog(LoggerFactory.getLogger(TrackConversionInterceptor.class), 1, TimeUnit.MINUTES);
    private final @Nullable ConversionTracker tracker;
    private final @Nullable AfterCommit afterCommit;
    private final ConversionService conversionService;
    private final Map<ExecutableMethod<?, ?>, TrackingPlan> plans = new ConcurrentHashMap<>();

    TrackConversionInterceptor(
            Optional<ConversionTracker> tracker,
            Optional<AfterCommit> afterCommit,
            ConversionService conversionService) {
        this.tracker = tracker.orElse(null);
        this.afterCommit = afterCommit.orElse(null);
        this.conversionService = conversionService;
    }

    @Override
    public @Nullable Object intercept(MethodInvocationContext<Object, Object> context) {
        ConversionTracker t = tracker;
        if (t == null) {
            return context.proceed();
        }
        InterceptedMethod method = InterceptedMethod.of(context, conversionService);
        TrackingPlan plan;
        Invocation invocation;
        try {
            plan = plans.computeIfAbsent(context.getExecutableMethod(), TrackingPlan::of);
            // Captured on the calling thread: an async result may complete elsewhere.
            invocation = new Invocation(
                    t, plan, context, ServerRequestContext.currentRequest().orElse(null));
        } catch (RuntimeException e) {
            t.skip(ConversionTracker.SkipReason.INVALID, "@TrackConversion on " + context + " not usable: " + e);
            return context.proceed();
        }
        switch (method.resultType()) {
            case COMPLETION_STAGE:
                CompletionStage<?> stage = method.interceptResultAsCompletionStage();
                stage.whenComplete((value, error) -> {
                    if (error == null) {
                        succeeded(invocation, value, false);
                    }
                });
                return method.handleResult(stage);
            case PUBLISHER:
                Publisher<?> publisher = method.interceptResultAsPublisher();
                boolean single = Publishers.isSingle(context.getReturnType().getType());
                // Items of a multi-valued result are kept only when the annotation reads the result.
                return method.handleResult(new CompletionPublisher<>(
                        publisher, single, plan.readsResult(), value -> succeeded(invocation, value, false)));
            case SYNCHRONOUS:
            default:
                Object result = context.proceed();
                succeeded(invocation, result, true);
                return result;
        }
    }

    private void succeeded(Invocation invocation, @Nullable Object result, boolean synchronous) {
        try {
            Object value = result;
            if (result instanceof HttpResponse) {
                HttpResponse<?> response = (HttpResponse<?>) result;
                if (response.code() < 200 || response.code() > 299) {
                    return;
                }
                value = response.getBody().orElse(null);
            }
            invocation.track(value, afterCommit, synchronous);
        } catch (OutboxWriteException e) {
            throw e; // only for a synchronous method, in its transaction: the transaction decides
        } catch (RuntimeException | LinkageError e) {
            invocation.tracker.skip(
                    ConversionTracker.SkipReason.INVALID,
                    "@TrackConversion on " + invocation.method() + " not sent: " + e);
        }
    }

    /** One call of an annotated method: its plan, bound annotation, request and tracker. */
    private static final class Invocation {
        final ConversionTracker tracker;
        final TrackingPlan plan;
        final MethodInvocationContext<Object, Object> context;
        final @Nullable AnnotationValue<TrackConversion> annotation;
        final @Nullable HttpRequest<?> request;

        Invocation(
                ConversionTracker tracker,
                TrackingPlan plan,
                MethodInvocationContext<Object, Object> context,
                @Nullable HttpRequest<?> request) {
            this.tracker = tracker;
            this.plan = plan;
            this.context = context;
            // Bound to this call's arguments; expressions are evaluated only on success.
            this.annotation = plan.evaluates() ? context.getAnnotation(TrackConversion.class) : null;
            this.request = request;
        }

        String method() {
            return context.getDeclaringType().getSimpleName() + "." + context.getMethodName();
        }

        void track(@Nullable Object result, @Nullable AfterCommit afterCommit, boolean synchronous) {
            if (!plan.condition(annotation)) {
                return;
            }
            String goal = plan.goal(annotation);
            Long revenue = plan.revenue(annotation, result);
            Map<String, Object> properties = plan.properties(annotation, result);
            if (tracker.outboxInTransaction()) {
                try {
                    send(goal, revenue, properties, true); // the row commits or rolls back with the transaction
                    return;
                } catch (OutboxWriteException e) {
                    if (synchronous) {
                        throw e;
                    }
                    // No caller left to tell: keep the event for the commit, which a broken transaction never reaches.
                    OUTBOX_WARNINGS.warn("@TrackConversion on " + method() + ": " + e.getMessage()
                            + "; the event goes to the in-memory queue if the transaction commits");
                }
            }
            Runnable send = () -> send(goal, revenue, properties, false);
            if (afterCommit != null) {
                afterCommit.run(send);
            } else {
                send.run();
            }
        }

        private void send(
                String goal, @Nullable Long revenue, @Nullable Map<String, Object> properties, boolean outbox) {
            HttpRequest<?> r = request;
            Optional<PagentVariables> variables = r == null ? tracker.currentVariables() : tracker.variablesOf(r);
            if (variables.isPresent()) {
                tracker.track(variables.get(), goal, revenue, properties, outbox);
            } else {
                tracker.track(goal, revenue, properties); // counts and logs the missing variables
            }
        }
    }
}
