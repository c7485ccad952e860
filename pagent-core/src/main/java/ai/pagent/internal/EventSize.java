package ai.pagent.internal;

import ai.pagent.Conversion;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The size of one event as {@link WireFormat} writes it, for byte budgets of queues and requests. */
public final class EventSize {
    private EventSize() {}

    /**
     * The exact number of UTF-8 bytes of the event's JSON object as it appears in a batch body,
     * without the comma that separates it from its neighbours.
     */
    public static int encodedBytes(Conversion event) {
        CountingStream out = new CountingStream();
        try (JsonGenerator g = WireFormat.JSON.createGenerator(out)) {
            WireFormat.writeEvent(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // counting does not fail
        }
        return out.count;
    }

    private static final class CountingStream extends OutputStream {
        int count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
