package ai.pagent.spring.internal;

import ai.pagent.PagentVariables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Tracks a {@code Mono} or {@code Flux} on successful completion, without subscribing to it a second
 * time: the returned publisher is the handler's, with a completion hook. Loaded only when Reactor is
 * on the classpath.
 */
final class ReactiveResults {
    private ReactiveResults() {}

    static boolean isReactive(@Nullable Object result) {
        return result instanceof Mono || result instanceof Flux;
    }

    /**
     * @param assembled the variables known when the method returned (a servlet request), or {@code
     *     null} to take them from the subscriber's context, where {@code PagentWebFilter} puts them
     * @param collect whether to keep a {@code Flux}'s items for {@code #result}
     * @param fire called once on successful completion with the unwrapped result and the variables
     */
    static Object track(
            Object result,
            @Nullable PagentVariables assembled,
            boolean collect,
            BiConsumer<@Nullable Object, @Nullable PagentVariables> fire) {
        if (result instanceof Mono) {
            @SuppressWarnings("unchecked")
            Mono<Object> mono = (Mono<Object>) result;
            return Mono.deferContextual(context -> {
                PagentVariables variables = assembled != null ? assembled : fromContext(context);
                return mono.doOnSuccess(value -> fire.accept(value, variables));
            });
        }
        @SuppressWarnings("unchecked")
        Flux<Object> flux = (Flux<Object>) result;
        return Flux.deferContextual(context -> {
            PagentVariables variables = assembled != null ? assembled : fromContext(context);
            if (!collect) {
                return flux.doOnComplete(() -> fire.accept(List.of(), variables));
            }
            List<Object> items = new ArrayList<>();
            return flux.doOnNext(items::add)
                    .doOnComplete(() -> fire.accept(Collections.unmodifiableList(items), variables));
        });
    }

    private static @Nullable PagentVariables fromContext(ContextView context) {
        Object v = context.getOrDefault(PagentVariables.ATTRIBUTE, null);
        return v instanceof PagentVariables ? (PagentVariables) v : null;
    }
}
