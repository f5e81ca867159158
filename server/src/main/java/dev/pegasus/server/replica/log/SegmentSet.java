package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The segments of a file log, shared between the writer thread (which notes what it writes and rolls to
 * new segments) and callers of garbage collection, read-back and size queries. One monitor guards all
 * of it.
 *
 * <p>Invariant: ordered by first offset and never empty; the last segment is the one being written.
 */
final class SegmentSet {
    private final List<Segment> segments;

    /**
     * One segment as a reader of one replica's records found it, copied under the monitor so that the
     * reading itself holds no lock. {@code bytes} were noted before being written, so the file may hold
     * fewer yet; {@code beingWritten} marks the segment whose last records may still be on their way.
     */
    record View(long firstOffset, long bytes, Optional<DecreeSpan> decrees, boolean beingWritten) {}

    SegmentSet(List<Segment> initial) {
        if (initial.isEmpty()) {
            throw new IllegalArgumentException("a log always has a segment to write to");
        }
        this.segments = new ArrayList<>(initial);
    }

    synchronized Segment active() {
        return segments.get(segments.size() - 1);
    }

    /**
     * Records that {@code records} are about to be written to {@code segment}. Called before the write,
     * so that garbage collection never sees a segment as holding less than it does.
     */
    synchronized void noteWrite(Segment segment, List<LogRecord> records) {
        records.forEach(segment::note);
    }

    /** {@code next} becomes the segment being written; the previous one is complete and may be collected. */
    synchronized void rolled(Segment next) {
        if (next.firstOffset() < active().endOffset()) {
            throw new IllegalArgumentException("segment at " + next.firstOffset() + " overlaps " + active().firstOffset());
        }
        segments.add(next);
    }

    /** Removes and returns every complete segment that {@link Segment#obsolete} allows to go. */
    synchronized List<Segment> removeObsolete(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten) {
        List<Segment> removed = new ArrayList<>();
        for (Segment segment : segments.subList(0, segments.size() - 1)) {
            if (segment.obsolete(durableDecrees, forgotten)) {
                removed.add(segment);
            }
        }
        segments.removeAll(removed);
        return removed;
    }

    /** Every segment, oldest first, as a reader of {@code gpid}'s records needs to know it. */
    synchronized List<View> viewsFor(Gpid gpid) {
        Segment active = active();
        List<View> views = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            views.add(new View(segment.firstOffset(), segment.bytes(), segment.decreesOf(gpid), segment == active));
        }
        return views;
    }

    synchronized long bytes() {
        return segments.stream().mapToLong(Segment::bytes).sum();
    }
}
