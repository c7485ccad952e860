package ai.pagent.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a client's durable spool is set up: its directory, how often writes are forced to the disk
 * ({@link Duration#ZERO}: after every group of writes), and the most bytes its files may take.
 */
public record SpoolSettings(Path directory, Duration fsyncInterval, long maxBytes) {
    /** Default of {@code spool.max-bytes}: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** Default fsync interval: 100 ms. */
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
    /** Smallest {@code spool.max-bytes}: a few segments of the smallest size. */
    public static final long MIN_MAX_BYTES = 256L << 10;

    /** Segment size: an eighth of the bound (so dropping the oldest frees little), 32 KiB to 8 MiB. */
    int segmentBytes() {
        return (int) Math.max(32L << 10, Math.min(8L << 20, maxBytes / 8));
    }
}
