package ai.pagent.internal;

import ai.pagent.Conversion;
import ai.pagent.DropReason;
import java.util.List;

/** What the spool tells the client that owns it. Called from the spool's threads; must not block long. */
interface SpoolEvents {
    /** Events were read back from disk into memory: the dispatcher may claim them. */
    void available();

    /** The spool gave up these events (never claimed): count and report them. */
    void dropped(List<Conversion> events, DropReason reason);

    /** The spool gave up events it could not even read back: count them. */
    void lost(int count, DropReason reason);
}
