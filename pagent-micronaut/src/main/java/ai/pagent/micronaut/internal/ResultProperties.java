package ai.pagent.micronaut.internal;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a property of a handler's result through its compile-time bean introspection (no reflection). */
public final class ResultProperties {
    private ResultProperties() {}

    /**
     * Reads {@code property} of {@code result}.
     *
     * @throws IllegalArgumentException when the result is null, not introspected, or has no such property
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static @Nullable Object read(String member, @Nullable Object result, String property) {
        if (result == null) {
            throw new IllegalArgumentException(
                    member + " = \"" + property + "\" needs a result, the handler returned none");
        }
        Class<Object> type = (Class<Object>) result.getClass();
        Optional<BeanIntrospection<Object>> introspection = BeanIntrospector.SHARED.findIntrospection(type);
        if (introspection.isEmpty()) {
            throw new IllegalArgumentException(member + " = \"" + property + "\": " + type.getName()
                    + " has no bean introspection; annotate it with @Introspected or @Serdeable");
        }
        Optional<BeanProperty<Object, Object>> bean = introspection.get().getProperty(property);
        if (bean.isEmpty()) {
            throw new IllegalArgumentException(
                    member + " = \"" + property + "\": " + type.getName() + " has no property " + property);
        }
        return ((BeanProperty) bean.get()).get(result);
    }
}
