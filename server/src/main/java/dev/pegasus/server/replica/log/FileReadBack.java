package dev.pegasus.server.replica.log;

import dev.pegasus.server.replica.log.SegmentScanner.Bad;
import dev.pegasus.server.replica.log.SegmentScanner.Intact;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads one replica's records back from the segment files of a running {@link FileMutationLog}. It
 * works from views of the segments taken when the read began and holds no lock while it reads, so the
 * writer and garbage collection go on meanwhile:
 *
 * <ul>
 *   <li>each segment is read no further than the bytes its view noted, so records appended after the
 *       read began are left for the next one;</li>
 *   <li>the writer notes a batch before writing it, so the end of the segment being written may still
 *       be on its way to the file: a record there that is not intact yet ends the read, and the next
 *       read finds it whole. Every other segment was written and synced before the writer moved on, so
 *       a bad record in one is damage, and is reported as {@link LogCorruptedException};</li>
 *   <li>a segment that garbage collection deleted before the read opened it is skipped and counted;
 *       one already open stays readable after its deletion.</li>
 * </ul>
 */
final class FileReadBack {
    private FileReadBack() {}

    static LogReadBack read(LogDirectory directory, List<SegmentSet.View> views, ReadBackCollector collector) {
        for (SegmentSet.View view : views) {
            Path path = directory.pathOf(view.firstOffset());
            collector.nextSegment(view.decrees(), into -> readSegment(path, view, into));
        }
        return collector.result();
    }

    /** Returns false if the segment file is gone. */
    private static boolean readSegment(Path path, SegmentSet.View view, ReadBackCollector collector) {
        Optional<SegmentScanner> opened = SegmentScanner.openIfPresent(path, view.bytes());
        if (opened.isEmpty()) {
            return false;
        }
        try (SegmentScanner scanner = opened.get()) {
            long position = 0;
            while (true) {
                SegmentScanner.Step step = scanner.read(position);
                if (step instanceof Intact intact) {
                    if (!collector.accept(intact.record())) {
                        return true;
                    }
                    position += intact.size();
                } else if (step instanceof Bad bad) {
                    if (view.beingWritten()) {
                        return true;
                    }
                    throw new LogCorruptedException(path, position, bad.reason());
                } else {
                    return true;
                }
            }
        }
    }
}
