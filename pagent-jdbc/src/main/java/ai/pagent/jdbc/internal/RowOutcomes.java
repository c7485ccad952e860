package ai.pagent.jdbc.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of rows a relay held, to be written back in one transaction: accepted rows to delete,
 * rejected or undecodable ones to park, and rows to give back for a later attempt.
 *
 * @param delete ids of rows pagent accepted
 * @param park rows to mark {@code FAILED}, with why
 * @param release rows to give back
 */
public record RowOutcomes(List<Long> delete, List<Parked> park, List<Released> release) {
    /** Nothing to write. */
    public static final RowOutcomes NONE = new RowOutcomes(List.of(), List.of(), List.of());

    public RowOutcomes {
        delete = List.copyOf(delete);
        park = List.copyOf(park);
        release = List.copyOf(release);
    }

    /** A row to park, with why. */
    public record Parked(long id, String error) {}

    /** A row to give back: claimable again at {@code notBefore} (at once when null). */
    public record Released(
            long id, @Nullable Long notBefore, @Nullable String error) {}

    /** How many rows these outcomes settle. */
    public int size() {
        return delete.size() + park.size() + release.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
