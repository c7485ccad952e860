package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.PagentException;
import ai.pagent.SendResult;
import java.util.List;

/** Sends one request of 1 to 100 events to pagent and says how it went. */
public interface Transport {
    /**
     * Sends {@code events} in one request.
     *
     * @throws PagentException the subtype says what went wrong; {@code statusCode()} 0 when no answer came
     */
    SendResult send(List<Conversion> events);

    /** Aborts every request under way (they fail with a transport error) and releases resources. */
    void close();
}
