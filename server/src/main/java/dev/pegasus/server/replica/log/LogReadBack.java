package dev.pegasus.server.replica.log;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link MutationLog#readFrom} found of one replica's records in the log.
 *
 * @param records          the replica's intact records with a decree at or above the one asked for, in
 *                         append order. A decree appears more than once when it was prepared again under
 *                         a newer ballot; {@link CommittedRecords#pick} keeps the committed copies
 * @param truncated        whether the payload budget stopped the read with records still unread; when
 *                         false, every record the log had written when the read began is here, except
 *                         those of {@code vanishedSegments}
 * @param lowestDecree     the lowest decree of the replica's records in the log when it was read, empty if
 *                         there were none. Decrees below it are not in the log (collected, or never logged
 *                         on this server): a caller asking from below it has a gap, not merely nothing new
 * @param vanishedSegments segments that garbage collection deleted after the read began and before it
 *                         opened them; their records are missing here and {@code lowestDecree} leaves them out
 */
public record LogReadBack(List<LogRecord> records, boolean truncated, OptionalLong lowestDecree,
        int vanishedSegments) {
    public LogReadBack {
        records = List.copyOf(records);
    }

    /**
     * The highest decree to pass to {@link CommittedRecords#pick} as committed, given the replica's
     * committed decree as it was before the read began (so that everything it covers was already logged).
     *
     * <p>A read that stopped at the budget may have left out a newer copy of a decree it holds. That
     * matters only above the committed point the records read carry: a record is logged only after
     * every decree up to its committed point was logged here, committed copy included (what replay
     * relies on too), and any copy logged later of such a decree carries the same payload. If the bound
     * is below the decree asked for, read again with a larger budget.
     */
    public long committedBound(long committedDecree) {
        if (!truncated) {
            return committedDecree;
        }
        long carried = records.stream().mapToLong(LogRecord::lastCommittedDecree).max().orElse(Long.MIN_VALUE);
        return Math.min(committedDecree, carried);
    }
}
