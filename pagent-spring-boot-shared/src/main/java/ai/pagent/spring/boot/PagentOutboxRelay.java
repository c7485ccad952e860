package ai.pagent.spring.boot;

import ai.pagent.jdbc.OutboxRelay;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Runs this instance's {@link OutboxRelay} with the application context: started before the web
 * server takes requests, stopped after it stopped taking them (its phase is below the web server's),
 * and so before the {@code DataSource} it reads closes. Stopping lets the relay's client deliver what
 * it holds within {@code pagent.shutdown-timeout} and gives the other rows back for any instance.
 */
public final class PagentOutboxRelay implements SmartLifecycle, DisposableBean {
    /** Below the web server's phases: started before it, stopped after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final OutboxRelay.Builder builder;
    private final Object lock = new Object();
    private @Nullable OutboxRelay relay;
    private volatile boolean running;

    /**
     * A relay from {@code builder}, built now (so that a wrong setting stops startup) and started
     * with the context; a restarted context builds a new one.
     */
    public PagentOutboxRelay(OutboxRelay.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.relay = builder.build();
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            OutboxRelay r = relay;
            if (r == null) {
                r = builder.build();
                relay = r;
            }
            r.start();
            running = true;
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            OutboxRelay r = relay;
            relay = null;
            running = false;
            if (r != null) {
                r.close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        stop();
    }

    /** The relay while it runs: its stats, backlog and client state. */
    public Optional<OutboxRelay> relay() {
        synchronized (lock) {
            return running ? Optional.ofNullable(relay) : Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "PagentOutboxRelay{" + relay().map(OutboxRelay::toString).orElse("stopped") + "}";
    }
}
