package dev.pegasus.client;

import dev.pegasus.protocol.thrift.duplication_entry;
import dev.pegasus.protocol.thrift.duplication_fail_mode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table's duplication to a remote cluster and how far each partition has got.
 *
 * @param confirmedDecrees partition index -> the decree up to which its writes are applied remotely
 * @param committedDecrees partition index -> its primary's committed decree when it last reported
 * @param lagMillis        partition index -> age of its oldest committed write not yet confirmed (0: none)
 * @param skipped          partition index -> writes dropped under {@link DuplicationFailMode#SKIP}
 * @param repeated         partition index -> writes shipped more than once (after a failover, or a batch
 *                         shipped again after a failure), which the remote stored again to no effect
 * @param copyProgress     how the copy of a full duplication's checkpoints stands, while its status is
 *                         {@link DuplicationStatus#PREPARE} or {@link DuplicationStatus#APP}
 */
public record Duplication(int id, String remoteCluster, DuplicationStatus status, DuplicationFailMode failMode,
        Instant createdAt, Map<Integer, Long> confirmedDecrees, Map<Integer, Long> committedDecrees,
        Map<Integer, Long> lagMillis, Map<Integer, Long> skipped, Map<Integer, Long> repeated,
        Optional<String> copyProgress) {
    public Duplication {
        confirmedDecrees = Map.copyOf(confirmedDecrees);
        committedDecrees = Map.copyOf(committedDecrees);
        lagMillis = Map.copyOf(lagMillis);
        skipped = Map.copyOf(skipped);
        repeated = Map.copyOf(repeated);
    }

    /** Committed writes not confirmed yet, over the partitions that reported both. */
    public long pendingMutations() {
        return committedDecrees.entrySet().stream().mapToLong(entry ->
                Math.max(0, entry.getValue() - confirmedDecrees.getOrDefault(entry.getKey(), entry.getValue()))).sum();
    }

    static Duplication from(duplication_entry entry) {
        return new Duplication(entry.getDupid(), entry.getRemote(), DuplicationStatus.from(entry.getStatus()),
                DuplicationFailMode.from(entry.isSetFail_mode() ? entry.getFail_mode()
                        : duplication_fail_mode.FAIL_SLOW),
                Instant.ofEpochMilli(entry.getCreate_ts()), sorted(entry.getProgress()), sorted(entry.getCommitted()),
                sorted(entry.getLag_ms()), sorted(entry.getSkipped()), sorted(entry.getRepeated()),
                Optional.ofNullable(entry.getPhase_note()).filter(note -> !note.isEmpty()));
    }

    private static Map<Integer, Long> sorted(Map<Integer, Long> wire) {
        return wire == null ? Map.of() : new TreeMap<>(wire);
    }
}
