package ai.pagent.micronaut;

import ai.pagent.micronaut.internal.Cents;
import ai.pagent.micronaut.internal.ResultProperties;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.expressions.EvaluatedExpression;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.inject.annotation.EvaluatedAnnotationMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one method's {@link TrackConversion} asks for, read once: constants kept, expressions
 * marked so that only they are evaluated per call (against that call's arguments).
 */
final class TrackingPlan {
    private final Member goal;
    private final Member revenue;
    private final Member condition;
    private final String revenueFrom;
    private final List<PropertyPlan> properties;
    private final boolean evaluates;
    private final boolean readsResult;

    private TrackingPlan(AnnotationValue<TrackConversion> annotation) {
        this.goal = Member.of(annotation, "goal");
        this.revenue = Member.of(annotation, "revenue");
        this.condition = Member.of(annotation, "condition");
        this.revenueFrom = annotation.stringValue("revenueFrom").orElse("");
        List<PropertyPlan> list = new ArrayList<>();
        for (AnnotationValue<TrackConversion.Property> p :
                annotation.getAnnotations("properties", TrackConversion.Property.class)) {
            list.add(new PropertyPlan(
                    p.stringValue("name").orElse(""), p.stringValue("from").orElse(""), Member.of(p, "value")));
        }
        this.properties = List.copyOf(list);
        this.evaluates = goal.expression
                || revenue.expression
                || condition.expression
                || properties.stream().anyMatch(p -> p.value.expression);
        this.readsResult = !revenueFrom.isEmpty() || properties.stream().anyMatch(p -> !p.from.isEmpty());
    }

    static TrackingPlan of(ExecutableMethod<?, ?> method) {
        AnnotationMetadata metadata = method.getAnnotationMetadata();
        if (metadata instanceof EvaluatedAnnotationMetadata) {
            metadata = ((EvaluatedAnnotationMetadata) metadata).getAnnotationMetadata();
        }
        AnnotationValue<TrackConversion> annotation = metadata.getAnnotation(TrackConversion.class);
        if (annotation == null) {
            throw new IllegalStateException("no @TrackConversion on " + method);
        }
        return new TrackingPlan(annotation);
    }

    /** Whether a call must bind the annotation to its arguments (some member is {@code #{ … }}). */
    boolean evaluates() {
        return evaluates;
    }

    /** Whether revenue or properties come from the result. */
    boolean readsResult() {
        return readsResult;
    }

    /** Whether the condition holds; {@code evaluated} is the call's annotation, when {@link #evaluates()}. */
    boolean condition(@Nullable AnnotationValue<TrackConversion> evaluated) {
        Object value = condition.value(evaluated);
        return value == null || Boolean.TRUE.equals(value) || "true".equals(value);
    }

    String goal(@Nullable AnnotationValue<TrackConversion> evaluated) {
        Object value = goal.value(evaluated);
        return value == null ? "" : value.toString();
    }

    @Nullable
    Long revenue(@Nullable AnnotationValue<TrackConversion> evaluated, @Nullable Object result) {
        if (!revenueFrom.isEmpty()) {
            return Cents.of(
                    "revenueFrom = \"" + revenueFrom + "\"", ResultProperties.read("revenueFrom", result, revenueFrom));
        }
        return Cents.of("revenue", revenue.value(evaluated));
    }

    @Nullable
    Map<String, Object> properties(@Nullable AnnotationValue<TrackConversion> evaluated, @Nullable Object result) {
        if (properties.isEmpty()) {
            return null;
        }
        List<AnnotationValue<TrackConversion.Property>> bound =
                evaluated == null ? List.of() : evaluated.getAnnotations("properties", TrackConversion.Property.class);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < properties.size(); i++) {
            PropertyPlan p = properties.get(i);
            Object value;
            if (!p.from.isEmpty()) {
                value = ResultProperties.read("property \"" + p.name + "\" from", result, p.from);
            } else if (p.value.expression) {
                value = bound.get(i).get("value", Object.class).orElse(null);
            } else {
                value = p.value.constant;
            }
            map.put(p.name, value);
        }
        return map;
    }

    /** A member: a constant ({@code null} when empty) or an expression evaluated per call. */
    private static final class Member {
        final String name;
        final boolean expression;
        final @Nullable Object constant;

        private Member(String name, boolean expression, @Nullable Object constant) {
            this.name = name;
            this.expression = expression;
            this.constant = constant;
        }

        static Member of(AnnotationValue<?> annotation, String name) {
            if (annotation.getValues().get(name) instanceof EvaluatedExpression) {
                return new Member(name, true, null);
            }
            String text = annotation.stringValue(name).orElse("");
            return new Member(name, false, text.isEmpty() ? null : text);
        }

        @Nullable
        Object value(@Nullable AnnotationValue<TrackConversion> evaluated) {
            if (!expression || evaluated == null) {
                return constant;
            }
            return evaluated.get(name, Object.class).orElse(null);
        }
    }

    private static final class PropertyPlan {
        final String name;
        final String from;
        final Member value;

        PropertyPlan(String name, String from, Member value) {
            this.name = name;
            this.from = from;
            this.value = value;
        }
    }
}
