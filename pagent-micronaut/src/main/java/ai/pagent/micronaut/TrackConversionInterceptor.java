package ai.pagent.micronaut;

import ai.pagent.micronaut.internal.Cents;
import ai.pagent.micronaut.internal.ResultProperties;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
        // Captured on the calling thread: an async result may complete elsewhere.
        Invocation invocation =
                new Invocation(t, context, ServerRequestContext.currentRequest().orElse(null));
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
                return method.handleResult(
                        new CompletionPublisher<>(publisher, single, value -> succeeded(invocation, value)));
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
                    "@TrackConversion on " + invocation.method + " not sent: " + e);
        }
    }

    /** One call of an annotated method: its evaluated annotation, request and tracker. */
    private static final class Invocation {
        final ConversionTracker tracker;
        final String method;
        final AnnotationValue<TrackConversion> annotation;
        final @Nullable HttpRequest<?> request;

        Invocation(
                ConversionTracker tracker,
                MethodInvocationContext<Object, Object> context,
                @Nullable HttpRequest<?> request) {
            this.tracker = tracker;
            this.method = context.getDeclaringType().getSimpleName() + "." + context.getMethodName();
            // Bound to this call's arguments; expressions are evaluated only on success.
            this.annotation = context.getAnnotation(TrackConversion.class);
            this.request = request;
        }

        void track(@Nullable Object result, @Nullable AfterCommit afterCommit) {
            Optional<Object> condition = annotation.get("condition", Object.class);
            if (condition.isPresent() && !(condition.get() instanceof String && ((String) condition.get()).isEmpty())) {
                if (!Boolean.TRUE.equals(condition.get()) && !"true".equals(condition.get())) {
                    return;
                }
            }
            String goal = String.valueOf(annotation.get("goal", Object.class).orElse(""));
            Long revenue = revenue(result);
            Map<String, Object> properties = properties(result);
            HttpRequest<?> r = request;
            Runnable send = () -> {
                if (r == null) {
                    tracker.track(goal, revenue, properties);
                } else {
                    tracker.variablesOf(r)
                            .ifPresentOrElse(
                                    v -> tracker.track(v, goal, revenue, properties),
                                    () -> tracker.track(goal, revenue, properties));
                }
            };
            if (afterCommit != null) {
                afterCommit.run(send);
            } else {
                send.run();
            }
        }

        private @Nullable Long revenue(@Nullable Object result) {
            String from = annotation.stringValue("revenueFrom").orElse("");
            if (!from.isEmpty()) {
                return Cents.of("revenueFrom = \"" + from + "\"", ResultProperties.read("revenueFrom", result, from));
            }
            Object value = annotation.get("revenue", Object.class).orElse(null);
            if (value == null || (value instanceof String && ((String) value).isEmpty())) {
                return null;
            }
            return Cents.of("revenue", value);
        }

        private @Nullable Map<String, Object> properties(@Nullable Object result) {
            List<AnnotationValue<TrackConversion.Property>> entries =
                    annotation.getAnnotations("properties", TrackConversion.Property.class);
            if (entries.isEmpty()) {
                return null;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (AnnotationValue<TrackConversion.Property> entry : entries) {
                String name = entry.stringValue("name").orElse("");
                String from = entry.stringValue("from").orElse("");
                Object value = from.isEmpty()
                        ? entry.get("value", Object.class).orElse(null)
                        : ResultProperties.read("property \"" + name + "\" from", result, from);
                properties.put(name, value);
            }
            return properties;
        }
    }
}
