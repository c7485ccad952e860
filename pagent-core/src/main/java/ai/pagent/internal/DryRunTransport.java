package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.SendResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each event instead of sending it, for local development ({@code dryRun(true)}). */
public final class DryRunTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger("ai.pagent.dry-run");

    @Override
    public SendResult send(List<Conversion> events) {
        for (Conversion event : events) {
            log.info("pagent dry run, not sent: {}", WireFormat.toJson(event));
        }
        return new SendResult(events.size(), events.size());
    }

    @Override
    public void close() {}
}
