package dev.pegasus.server.replica.log;

import dev.pegasus.server.replica.log.LogDirectory.SegmentFile;
import dev.pegasus.server.replica.log.SegmentScanner.Bad;
import dev.pegasus.server.replica.log.SegmentScanner.Intact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up replay of a file log: passes every intact record to a visitor in log order and rebuilds
 * each segment's index, then decides what to do about the first bad record, if any.
 *
 * <p>A crash can only damage what was being written last, so a bad record with no intact record
 * anywhere after it (in its segment or any later one) is a torn tail: it is cut off, segments after it
 * (which hold nothing intact) are deleted, and the cut is reported. A bad record followed by an intact
 * one is damage a crash cannot cause, and replay throws {@link LogCorruptedException} rather than drop
 * the records in between. The writer syncs each segment before starting the next, which is what makes
 * "only the tail is torn" hold across segments.
 *
 * <p>The last segment may have been preallocated ({@link SpareSegment}): zeros from its last record to
 * its end are where the next record goes, not damage, and are left in place for the writer to overwrite.
 */
final class LogReplay {
    private static final Logger LOG = LoggerFactory.getLogger(LogReplay.class);

    /** The segments found, indexed, oldest first (possibly none), and what replay saw. */
    record Result(List<Segment> segments, ReplayReport report) {}

    private final LogDirectory directory;
    private final Consumer<LogRecord> visitor;
    private final List<Segment> segments = new ArrayList<>();
    private long records;
    private long bytes;

    private LogReplay(LogDirectory directory, Consumer<LogRecord> visitor) {
        this.directory = directory;
        this.visitor = visitor;
    }

    static Result run(LogDirectory directory, Consumer<LogRecord> visitor) {
        return new LogReplay(directory, visitor).run();
    }

    private Result run() {
        List<SegmentFile> files = directory.list();
        for (int i = 0; i < files.size(); i++) {
            Optional<String> cut = replaySegment(files, i);
            if (cut.isPresent()) {
                return new Result(segments, new ReplayReport(records, bytes, cut));
            }
        }
        return new Result(segments, new ReplayReport(records, bytes, Optional.empty()));
    }

    /** Replays one segment; returns what was cut off if it ended in a torn tail. */
    private Optional<String> replaySegment(List<SegmentFile> files, int index) {
        Segment segment = new Segment(files.get(index).firstOffset());
        segments.add(segment);
        try (SegmentScanner scanner = SegmentScanner.open(files.get(index).path())) {
            long position = 0;
            while (true) {
                SegmentScanner.Step step = scanner.read(position);
                if (step instanceof Intact intact) {
                    visitor.accept(intact.record());
                    segment.note(intact.record());
                    records++;
                    bytes += intact.size();
                    position += intact.size();
                } else if (step instanceof Bad bad) {
                    if (index == files.size() - 1 && scanner.zeroFrom(position)) {
                        return Optional.empty();
                    }
                    return Optional.of(cutTail(files, index, scanner, position, bad));
                } else {
                    return Optional.empty();
                }
            }
        }
    }

    private String cutTail(List<SegmentFile> files, int index, SegmentScanner scanner, long position, Bad bad) {
        requireNothingIntactAfter(files, index, scanner, position, bad);
        List<SegmentFile> later = files.subList(index + 1, files.size());
        String cut = scanner.path().getFileName() + " at offset " + position + ": " + bad.reason() + "; cut "
                + (scanner.size() - position) + " bytes"
                + (later.isEmpty() ? "" : " and " + later.size() + " later segment(s) holding no intact record");
        directory.truncate(scanner.path(), position);
        later.forEach(file -> directory.delete(file.path()));
        LOG.warn("mutation log {}: cut off a torn tail: {}", directory.path(), cut);
        return cut;
    }

    private static void requireNothingIntactAfter(List<SegmentFile> files, int index, SegmentScanner scanner,
            long position, Bad bad) {
        OptionalLong sameFile = scanner.findIntact(position + 1);
        if (sameFile.isPresent()) {
            throw new LogCorruptedException(scanner.path(), position,
                    bad.reason() + ", yet an intact record follows at offset " + sameFile.getAsLong());
        }
        for (SegmentFile later : files.subList(index + 1, files.size())) {
            try (SegmentScanner laterScanner = SegmentScanner.open(later.path())) {
                OptionalLong found = laterScanner.findIntact(0);
                if (found.isPresent()) {
                    throw new LogCorruptedException(scanner.path(), position, bad.reason()
                            + ", yet an intact record follows in " + later.path().getFileName() + " at offset "
                            + found.getAsLong());
                }
            }
        }
    }
}
