package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import java.io.IOException;
import java.lang.reflect.Field;

/** Lets tests in {@code ai.pagent} reach the spool's internals: its codec, and a client's spool. */
public final class SpoolTestAccess {
    private SpoolTestAccess() {}

    public static byte[] encode(Conversion event) {
        return SpoolCodec.encodeToBytes(event);
    }

    public static Conversion decode(byte[] data) throws IOException {
        return SpoolCodec.decode(data, 0, data.length);
    }

    /** Events {@code client}'s spool handed to the OS so far (they survive the process being killed). */
    public static long spooled(PagentClient client) {
        return spool(client).spooled();
    }

    private static SpoolEventBuffer spool(PagentClient client) {
        try {
            Field dispatcherField = PagentClient.class.getDeclaredField("dispatcher");
            dispatcherField.setAccessible(true);
            Object dispatcher = dispatcherField.get(client);
            Field bufferField = BatchDispatcher.class.getDeclaredField("buffer");
            bufferField.setAccessible(true);
            return (SpoolEventBuffer) bufferField.get(dispatcher);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the client has no spool", e);
        }
    }
}
