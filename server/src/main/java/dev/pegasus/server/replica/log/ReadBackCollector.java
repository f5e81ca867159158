package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the answer of one {@link MutationLog#readFrom}, so that both logs apply the same rules: which
 * segments are worth reading, which records belong in the answer, where the payload budget stops the
 * read, and how far back the replica's records go. Fed segments oldest first.
 */
final class ReadBackCollector {
    /** The records of one segment, to be passed in append order to {@link #accept}. */
    @FunctionalInterface
    interface SegmentRecords {
        /** Returns false if the segment is gone (garbage collection deleted it before it could be read). */
        boolean readInto(ReadBackCollector collector);
    }

    private final Gpid gpid;
    private final long fromDecree;
    private final long maxPayloadBytes;
    private final List<LogRecord> records = new ArrayList<>();
    private long payloadBytes;
    private boolean truncated;
    private OptionalLong lowestDecree = OptionalLong.empty();
    private int vanishedSegments;

    ReadBackCollector(Gpid gpid, long fromDecree, long maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("a read-back needs a positive payload budget, got " + maxPayloadBytes);
        }
        this.gpid = gpid;
        this.fromDecree = fromDecree;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Takes the next segment of the log, whose index gives {@code decrees} for the replica: reads it
     * unless its index shows it holds nothing to return, or the budget is already spent.
     */
    void nextSegment(Optional<DecreeSpan> decrees, SegmentRecords segmentRecords) {
        boolean worthReading = !truncated && decrees.isPresent() && decrees.get().highest() >= fromDecree;
        if (worthReading && !segmentRecords.readInto(this)) {
            vanishedSegments++;
            return;
        }
        decrees.ifPresent(span -> lowestDecree = OptionalLong.of(lowestDecree.isEmpty() ? span.lowest()
                : Math.min(lowestDecree.getAsLong(), span.lowest())));
    }

    /** Takes the next record of the segment being read; false once the budget stops the read. */
    boolean accept(LogRecord record) {
        if (truncated) {
            return false;
        }
        if (!record.gpid().equals(gpid) || record.decree() < fromDecree) {
            return true;
        }
        // A record larger than the whole budget still comes back, alone, so that every read makes progress.
        if (!records.isEmpty() && payloadBytes + record.payload().length > maxPayloadBytes) {
            truncated = true;
            return false;
        }
        records.add(record);
        payloadBytes += record.payload().length;
        return true;
    }

    LogReadBack result() {
        return new LogReadBack(records, truncated, lowestDecree, vanishedSegments);
    }
}
