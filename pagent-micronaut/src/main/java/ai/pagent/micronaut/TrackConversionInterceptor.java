package ai.pagent.micronaut;

import ai.pagent.PagentVariables;
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
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The advice behind {@link TrackConversion}: lets the method run, then, on success, evaluates the
 * annotation against the arguments and the result and hands the event to the {@link
 * ConversionTracker}. Nothing here can fail the method.
 */
@InterceptorBean(TrackConversion.class)
final class TrackConversionInterceptor implements MethodInterceptor<Object, Object> {
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
                        succeeded(invocation, value);
                    }
                });
                return method.handleResult(stage);
            case PUBLISHER:
                Publisher<?> publisher = method.interceptResultAsPublisher();
                boolean single = Publishers.isSingle(context.getReturnType().getType());
                // Items of a multi-valued result are kept only when the annotation reads the result.
                return method.handleResult(new CompletionPublisher<>(
                        publisher, single, plan.readsResult(), value -> succeeded(invocation, value)));
            case SYNCHRONOUS:
            default:
                Object result = context.proceed();
                succeeded(invocation, result);
                return result;
        }
    }

    private void succeeded(Invocation invocation, @Nullable Object result) {
        try {
            Object value = result;
            if (result instanceof HttpResponse) {
                HttpResponse<?> response = (HttpResponse<?>) result;
                if (response.code() < 200 || response.code() > 299) {
                    return;
                }
                value = response.getBody().orElse(null);
            }
            invocation.track(value, afterCommit);
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

        void track(@Nullable Object result, @Nullable AfterCommit afterCommit) {
            if (!plan.condition(annotation)) {
                return;
            }
            String goal = plan.goal(annotation);
            Long revenue = plan.revenue(annotation, result);
            Map<String, Object> properties = plan.properties(annotation, result);
            HttpRequest<?> r = request;
            Runnable send = () -> {
                Optional<PagentVariables> variables = r == null ? tracker.currentVariables() : tracker.variablesOf(r);
                if (variables.isPresent()) {
                    tracker.track(variables.get(), goal, revenue, properties);
                } else {
                    tracker.track(goal, revenue, properties);
                }
            };
            if (afterCommit != null) {
                afterCommit.run(send);
            } else {
                send.run();
            }
        }
    }
}
