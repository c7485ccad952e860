package ai.pagent.internal;

import ai.pagent.Conversion;
import java.io.IOException;

/** Lets the property tests in {@code ai.pagent} (where the event generators live) reach the spool codec. */
public final class SpoolCodecAccess {
    private SpoolCodecAccess() {}

    public static byte[] encode(Conversion event) {
        return SpoolCodec.encodeToBytes(event);
    }

    public static Conversion decode(byte[] data) throws IOException {
        return SpoolCodec.decode(data, 0, data.length);
    }
}
