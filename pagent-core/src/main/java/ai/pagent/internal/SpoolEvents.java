package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.util.List;

/** What the spool tells the client that owns it. Called from the spool's threads; must not block long. */
interface SpoolEvents {
    /** Events were read back from disk into memory: the dispatcher may claim them. */
    void available();

    /**
     * The spool gave up these events, which were waiting (never claimed): run {@code leave}, which takes
     * them out of the buffer's waiting count, atomically with flush's bookkeeping, then count and report
     * them.
     */
    void dropped(List<Conversion> events, DropReason reason, Runnable leave);

    /** The spool gave up waiting events it could not even read back: as {@link #dropped}, counted only. */
    void lost(int count, DropReason reason, Runnable leave);
}
