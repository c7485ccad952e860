package ai.pagent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback, and the thread it ran on. */
class RecordingListener implements DeliveryListener {
    final List<Conversion> accepted = new CopyOnWriteArrayList<>();
    final List<Conversion> failed = new CopyOnWriteArrayList<>();
    final List<PagentException> causes = new CopyOnWriteArrayList<>();
    final List<Conversion> dropped = new CopyOnWriteArrayList<>();
    final List<DropReason> dropReasons = new CopyOnWriteArrayList<>();
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onAccepted(List<Conversion> events) {
        threads.add(Thread.currentThread().getName());
        accepted.addAll(events);
    }

    @Override
    public void onFailed(List<Conversion> events, PagentException cause) {
        threads.add(Thread.currentThread().getName());
        failed.addAll(events);
        causes.add(cause);
    }

    @Override
    public void onDropped(Conversion event, DropReason reason) {
        threads.add(Thread.currentThread().getName());
        dropped.add(event);
        dropReasons.add(reason);
    }
}
