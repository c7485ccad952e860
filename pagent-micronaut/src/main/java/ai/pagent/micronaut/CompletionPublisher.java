package ai.pagent.micronaut;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Passes a handler's publisher through unchanged and reports its value on success: a single-valued
 * publisher (a {@code Mono}) succeeded with its item (the server cancels it right after that item,
 * before any {@code onComplete}) or, when empty, on completion with {@code null}; a multi-valued one
 * on completion with the list of its items. Nothing is reported after an error or a cancellation
 * before success. Adds no subscription of its own.
 */
final class CompletionPublisher<T> implements Publisher<T> {
    private final Publisher<T> source;
    private final boolean single;
    private final boolean keepItems;
    private final Consumer<@Nullable Object> onSuccess;

    /**
     * @param keepItems whether a multi-valued publisher's items are kept for {@code onSuccess} (else
     *     it gets an empty list)
     */
    CompletionPublisher(Publisher<T> source, boolean single, boolean keepItems, Consumer<@Nullable Object> onSuccess) {
        this.source = source;
        this.single = single;
        this.keepItems = keepItems;
        this.onSuccess = onSuccess;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        source.subscribe(new Observer<>(subscriber, single, keepItems, onSuccess));
    }

    private static final class Observer<T> implements Subscriber<T>, Subscription {
        private final Subscriber<? super T> downstream;
        private final boolean single;
        private final boolean keepItems;
        private final Consumer<@Nullable Object> onSuccess;
        private @Nullable Subscription upstream;
        private @Nullable List<Object> items;
        private volatile boolean cancelled;
        private boolean reported;

        Observer(
                Subscriber<? super T> downstream,
                boolean single,
                boolean keepItems,
                Consumer<@Nullable Object> onSuccess) {
            this.downstream = downstream;
            this.single = single;
            this.keepItems = keepItems;
            this.onSuccess = onSuccess;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.upstream = subscription;
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(T item) {
            if (single) {
                if (!reported) {
                    reported = true;
                    onSuccess.accept(item);
                }
            } else if (keepItems) {
                List<Object> list = items;
                if (list == null) {
                    list = new ArrayList<>();
                    items = list;
                }
                list.add(item);
            }
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            if (!cancelled && !reported) {
                reported = true;
                List<Object> list = items;
                onSuccess.accept(single ? null : (list == null ? List.of() : list));
            }
            downstream.onComplete();
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
