package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What garbage collection and read-back need to know about one segment of a log: where it starts, how
 * many bytes it holds and, for every replica with records in it, the span of their decrees (the
 * per-replica index of the segment). Both log implementations keep one per segment, so they apply the
 * same rules. Not thread-safe: its owner guards it.
 */
final class Segment {
    private final long firstOffset;
    private final Map<Gpid, DecreeSpan> decrees = new HashMap<>();
    private long bytes;

    Segment(long firstOffset) {
        this.firstOffset = firstOffset;
    }

    /**
     * Whether a record of {@code recordBytes} must start a new segment. Records never span segments, and
     * a segment takes its first record however large it is, so no record is ever refused for size here.
     */
    static boolean overflows(long usedBytes, long recordBytes, long segmentBytes) {
        return usedBytes > 0 && usedBytes + recordBytes > segmentBytes;
    }

    long firstOffset() {
        return firstOffset;
    }

    long bytes() {
        return bytes;
    }

    /** Where the next segment starts: log offsets run on across segments. */
    long endOffset() {
        return firstOffset + bytes;
    }

    void note(LogRecord record) {
        bytes += RecordFormat.encodedSize(record);
        decrees.merge(record.gpid(), DecreeSpan.of(record.decree()), DecreeSpan::union);
    }

    /** The decrees of {@code gpid}'s records in this segment; empty if it has none here. */
    Optional<DecreeSpan> decreesOf(Gpid gpid) {
        return Optional.ofNullable(decrees.get(gpid));
    }

    /** The rule of {@link MutationLog#collectGarbage}: no record in this segment is needed any more. */
    boolean obsolete(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten) {
        for (Map.Entry<Gpid, DecreeSpan> entry : decrees.entrySet()) {
            Long durable = durableDecrees.get(entry.getKey());
            boolean needed = durable == null ? !forgotten.contains(entry.getKey())
                    : entry.getValue().highest() > durable;
            if (needed) {
                return false;
            }
        }
        return true;
    }
}
