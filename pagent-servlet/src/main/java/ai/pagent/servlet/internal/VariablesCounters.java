package ai.pagent.servlet.internal;

import ai.pagent.internal.VariablesExtractor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what the filter found and ignored. Logs only which carrier and why, never request data. */
public final class VariablesCounters implements VariablesExtractor.Rejections {
    private static final Logger log = LoggerFactory.getLogger("ai.pagent.servlet.PagentFilter");

    private final LongAdder resolved = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder oversized = new LongAdder();

    @Override
    public void rejected(VariablesExtractor.Carrier carrier, VariablesExtractor.Rejection why) {
        rejected.increment();
        if (why == VariablesExtractor.Rejection.OVERSIZED) {
            oversized.increment();
        }
        log.debug("ignored the pagent variables in the {} carrier: {}", carrier, why);
    }

    void resolved() {
        resolved.increment();
    }

    /** Requests whose variables were found. */
    public long resolvedCount() {
        return resolved.sum();
    }

    /** Carriers that were present but ignored (malformed, oversized, invalid). */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** The part of {@link #rejectedCount()} ignored for being too long. */
    public long oversizedCount() {
        return oversized.sum();
    }
}
