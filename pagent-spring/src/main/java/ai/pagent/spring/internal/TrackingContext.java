package ai.pagent.spring.internal;

import ai.pagent.PagentVariables;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * What one call's expressions see: the arguments by name, {@code #result} and {@code #variables}.
 * Variables are looked up in the call's arrays rather than copied into a map, and the reflective
 * accessors (with their caches) are shared by all calls, so a context costs one small object.
 */
final class TrackingContext extends StandardEvaluationContext {
    private static final List<PropertyAccessor> ACCESSORS =
            List.of(new MapAccessor(), new ReflectivePropertyAccessor());
    private static final List<MethodResolver> METHOD_RESOLVERS = List.of(new ReflectiveMethodResolver());

    private final String[] names;
    private final @Nullable Object[] args;
    private final @Nullable Object result;
    private final @Nullable PagentVariables variables;

    TrackingContext(
            String[] names,
            @Nullable Object[] args,
            @Nullable Object result,
            @Nullable PagentVariables variables,
            @Nullable BeanResolver beans) {
        this.names = names;
        this.args = args;
        this.result = result;
        this.variables = variables;
        setPropertyAccessors(ACCESSORS);
        setMethodResolvers(METHOD_RESOLVERS);
        if (beans != null) {
            setBeanResolver(beans);
        }
    }

    @Override
    public @Nullable Object lookupVariable(String name) {
        if ("result".equals(name)) {
            return result;
        }
        if ("variables".equals(name)) {
            return variables;
        }
        int n = Math.min(names.length, args.length);
        for (int i = 0; i < n; i++) {
            if (name.equals(names[i])) {
                return args[i];
            }
        }
        return super.lookupVariable(name);
    }
}
