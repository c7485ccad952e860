package ai.pagent.spring.internal;

import ai.pagent.PagentVariables;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;

/**
 * Runs an annotated method and, when it succeeded, reports the conversion. The method's outcome
 * always reaches the caller unchanged: exceptions propagate untouched, and tracking problems are
 * counted and logged, never thrown; except a failed outbox insert, which is a failure of the
 * caller's transaction and is thrown as the insert's exception.
 */
public final class TrackConversionInterceptor implements MethodInterceptor {
    private static final Logger log = LoggerFactory.getLogger("ai.pagent.spring.TrackConversion");
    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", TrackConversionInterceptor.class.getClassLoader());
    private static final boolean WEB_PRESENT = ClassUtils.isPresent(
            "org.springframework.http.ResponseEntity", TrackConversionInterceptor.class.getClassLoader());

    private final Class<? extends Annotation> annotationType;
    private final Supplier<Tracking> trackingSource;
    private final @Nullable BeanResolver beans;
    private final SpelExpressionParser parser;
    private final Map<MethodClassKey, Object> methods = new ConcurrentHashMap<>();
    private final RateLimitedLog warnings = new RateLimitedLog(log, 1, TimeUnit.MINUTES);
    private volatile @Nullable Tracking tracking;

    /**
     * @param annotationType the annotation whose members name the goal and the expressions
     * @param tracking where events go; asked on the first call, so that creating the proxy does not
     *     create the client
     * @param beans resolves {@code @beanName} in expressions, or {@code null}
     * @param classLoader for compiled expressions
     */
    public TrackConversionInterceptor(
            Class<? extends Annotation> annotationType,
            Supplier<Tracking> tracking,
            @Nullable BeanResolver beans,
            @Nullable ClassLoader classLoader) {
        this.annotationType = Objects.requireNonNull(annotationType, "annotationType");
        this.trackingSource = Objects.requireNonNull(tracking, "tracking");
        this.beans = beans;
        this.parser = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, classLoader));
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object result = invocation.proceed();
        try {
            return track(invocation, result);
        } catch (OutboxWriteFailure e) {
            throw e.failure(); // the outbox insert failed: the caller's transaction must see it
        } catch (RuntimeException | LinkageError e) {
            warnings.warn(
                    "pagent: @TrackConversion on {} failed, the result is returned untouched: {}",
                    invocation.getMethod(),
                    e.toString());
            return result;
        }
    }

    private @Nullable Object track(MethodInvocation invocation, @Nullable Object result) {
        Object parsed = method(invocation);
        Tracking t = tracking();
        if (parsed instanceof RuntimeException) {
            AnnotationAttributes attributes = attributes(invocation);
            t.invalid(
                    invocation.getMethod().getName() + "()",
                    attributes == null ? "?" : attributes.getString("goal"),
                    (RuntimeException) parsed);
            return result;
        }
        if (parsed == null) {
            return result;
        }
        TrackingMethod m = (TrackingMethod) parsed;
        Object[] args = invocation.getArguments();
        if (result instanceof CompletionStage) {
            PagentVariables variables = CurrentRequest.variables();
            ((CompletionStage<?>) result).whenComplete((value, failure) -> {
                if (failure == null) {
                    fire(m, t, args, value, variables, false);
                }
            });
            return result;
        }
        if (REACTOR_PRESENT && ReactiveResults.isReactive(result)) {
            PagentVariables assembled = CurrentRequest.present() ? CurrentRequest.variables() : null;
            return ReactiveResults.track(
                    result, assembled, m.needsResult, (value, variables) -> fire(m, t, args, value, variables, false));
        }
        fire(m, t, args, result, CurrentRequest.variables(), true);
        return result;
    }

    private void fire(
            TrackingMethod m,
            Tracking t,
            @Nullable Object[] args,
            @Nullable Object value,
            @Nullable PagentVariables variables,
            boolean inCallersThread) {
        Object unwrapped = value;
        if (WEB_PRESENT && value instanceof ResponseEntity) {
            ResponseEntity<?> entity = (ResponseEntity<?>) value;
            if (!entity.getStatusCode().is2xxSuccessful()) {
                return;
            }
            unwrapped = entity.getBody();
        }
        m.fire(t, args, unwrapped, variables, beans, inCallersThread);
    }

    /** The parsed method, {@code null} when it is not annotated, or the parse failure. */
    private @Nullable Object method(MethodInvocation invocation) {
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? null : AopUtils.getTargetClass(target);
        MethodClassKey key = new MethodClassKey(invocation.getMethod(), targetClass);
        Object cached = methods.get(key);
        if (cached != null) {
            return cached == NOT_ANNOTATED ? null : cached;
        }
        Object parsed;
        try {
            AnnotationAttributes attributes = attributes(invocation);
            Method specific = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
            parsed = attributes == null ? NOT_ANNOTATED : TrackingMethod.parse(specific, attributes, parser);
        } catch (IllegalArgumentException e) {
            parsed = e;
        }
        methods.putIfAbsent(key, parsed);
        return parsed == NOT_ANNOTATED ? null : parsed;
    }

    private @Nullable AnnotationAttributes attributes(MethodInvocation invocation) {
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? null : AopUtils.getTargetClass(target);
        Method specific = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
        AnnotationAttributes found =
                AnnotatedElementUtils.findMergedAnnotationAttributes(specific, annotationType, false, false);
        if (found == null && specific != invocation.getMethod()) {
            found = AnnotatedElementUtils.findMergedAnnotationAttributes(
                    invocation.getMethod(), annotationType, false, false);
        }
        return found;
    }

    private Tracking tracking() {
        Tracking t = tracking;
        if (t == null) {
            t = trackingSource.get();
            tracking = t;
        }
        return t;
    }

    private static final Object NOT_ANNOTATED = new Object();
}
