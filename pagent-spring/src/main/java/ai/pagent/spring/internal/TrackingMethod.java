package ai.pagent.spring.internal;

import ai.pagent.PagentVariables;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;

/** One annotated method's goal and its expressions, parsed once. */
final class TrackingMethod {
    final String source;
    final String goal;
    final boolean needsResult;
    private final String[] names;
    private final @Nullable Expression condition;
    private final @Nullable Expression revenue;
    private final @Nullable Expression properties;

    private TrackingMethod(
            String source,
            String goal,
            String[] names,
            @Nullable Expression condition,
            @Nullable Expression revenue,
            @Nullable Expression properties,
            boolean needsResult) {
        this.source = source;
        this.goal = goal;
        this.names = names;
        this.condition = condition;
        this.revenue = revenue;
        this.properties = properties;
        this.needsResult = needsResult;
    }

    /**
     * Parses the annotation's expressions.
     *
     * @throws IllegalArgumentException naming the member whose expression does not parse, or a
     *     blank goal
     */
    static TrackingMethod parse(Method method, AnnotationAttributes annotation, ExpressionParser parser) {
        String source = method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
        String goal = annotation.getString("goal");
        if (goal.isBlank()) {
            throw new IllegalArgumentException("@TrackConversion on " + source + ": goal must not be blank");
        }
        String condition = annotation.getString("condition");
        String revenue = annotation.getString("revenue");
        String properties = annotation.getString("properties");
        Parameter[] parameters = method.getParameters();
        String[] names = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            names[i] = parameters[i].getName();
        }
        return new TrackingMethod(
                source,
                goal,
                names,
                parse(parser, source, "condition", condition),
                parse(parser, source, "revenue", revenue),
                parse(parser, source, "properties", properties),
                (condition + revenue + properties).contains("#result"));
    }

    private static @Nullable Expression parse(ExpressionParser parser, String source, String member, String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return parser.parseExpression(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "@TrackConversion on " + source + ": " + member + " \"" + text + "\" is not valid SpEL: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Evaluates the expressions and hands the event to {@code tracking}; counts and logs whatever
     * goes wrong. Throws only the {@link OutboxWriteFailure} of a failed outbox insert, which the
     * caller's transaction must see.
     *
     * @param inCallersThread false for the callback of an asynchronous result (no outbox then)
     */
    void fire(
            Tracking tracking,
            @Nullable Object[] args,
            @Nullable Object result,
            @Nullable PagentVariables variables,
            @Nullable BeanResolver beans,
            boolean inCallersThread) {
        try {
            TrackingContext context = condition == null && revenue == null && properties == null
                    ? null
                    : new TrackingContext(names, args, result, variables, beans);
            if (condition != null && !Boolean.TRUE.equals(condition.getValue(context, Boolean.class))) {
                tracking.countSkipped();
                return;
            }
            if (variables == null) {
                tracking.track(source, goal, null, null, null, inCallersThread);
                return;
            }
            Object cents = revenue == null ? null : revenue.getValue(context);
            Object props = properties == null ? null : properties.getValue(context);
            tracking.track(source, goal, variables, cents, props, inCallersThread);
        } catch (OutboxWriteFailure e) {
            throw e;
        } catch (RuntimeException e) {
            tracking.invalid(source, goal, e);
        }
    }
}
