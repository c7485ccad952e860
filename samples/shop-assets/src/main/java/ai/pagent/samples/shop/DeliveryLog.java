package ai.pagent.samples.shop;

import ai.pagent.Conversion;
import ai.pagent.DeliveryListener;
import ai.pagent.DropReason;
import ai.pagent.PagentException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what became of each conversion: accepted at debug, failed and dropped as warnings. A real
 * shop would store the failed and dropped ones (with their {@code PagentVariables}) to send again.
 */
public final class DeliveryLog implements DeliveryListener {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    @Override
    public void onAccepted(List<Conversion> events) {
        log.debug("pagent accepted {} conversion(s)", events.size());
    }

    @Override
    public void onFailed(List<Conversion> events, PagentException cause) {
        log.warn("pagent refused {} conversion(s) for good: {}", events.size(), cause.getMessage());
    }

    @Override
    public void onDropped(Conversion event, DropReason reason) {
        log.warn(
                "a {} conversion was dropped before delivery: {}", event.label().orElse("unlabelled"), reason);
    }
}
