package dev.pegasus.server.replica.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the committed mutations of one replica out of the records read back from its log.
 *
 * <p>A decree is in the log more than once when a new primary prepared it again: on taking over, a
 * primary prepares anew, under its own ballot and with the payload it holds, the uncommitted mutations
 * right after its committed point, because any of them may have committed under the old primary;
 * whatever an older ballot prepared beyond them never committed (the new primary's takeover marker
 * drops it). A decree committed under some ballot is held by every member of every later
 * configuration (a learner joins only once caught up), so a later primary that prepares it again does
 * so with the committed payload. The copy of the highest ballot is therefore the committed
 * one, for any decree at or below the replica's committed point, provided the records hold every copy
 * logged of it: see {@link LogReadBack#committedBound} for a read the budget cut short, and
 * {@link MutationLog#readFrom} for what garbage collection may have taken.
 */
public final class CommittedRecords {
    private CommittedRecords() {}

    /**
     * For each decree from {@code fromDecree} through {@code committedDecree}, the record of the highest
     * ballot, in decree order, up to the first decree the records lack: the run returned has no gap, and
     * is empty if {@code fromDecree} itself is missing.
     *
     * @param records records of one replica, in any order (as {@link LogReadBack#records} gives them)
     * @throws IllegalArgumentException if the records belong to more than one replica
     */
    public static List<LogRecord> pick(List<LogRecord> records, long fromDecree, long committedDecree) {
        Map<Long, LogRecord> highestBallot = new HashMap<>();
        for (LogRecord record : records) {
            if (!record.gpid().equals(records.get(0).gpid())) {
                throw new IllegalArgumentException("records of " + records.get(0).gpid() + " and " + record.gpid()
                        + " mixed; decrees are per replica");
            }
            if (record.decree() >= fromDecree && record.decree() <= committedDecree) {
                highestBallot.merge(record.decree(), record,
                        (kept, other) -> other.ballot() > kept.ballot() ? other : kept);
            }
        }
        List<LogRecord> committed = new ArrayList<>();
        for (long decree = fromDecree; highestBallot.containsKey(decree); decree++) {
            committed.add(highestBallot.get(decree));
        }
        return committed;
    }
}
