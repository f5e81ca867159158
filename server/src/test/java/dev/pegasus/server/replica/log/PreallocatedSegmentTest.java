package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.await;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A busy log moves onto zero-filled segments; what it wrote there replays exactly, before and after a reopen. */
class PreallocatedSegmentTest {
    private static final long SEGMENT_BYTES = 64 << 10;
    private static final int PAYLOAD = 200;
    private static final int MAX_RECORDS = 20_000;

    @TempDir
    Path dir;

    private List<Path> segmentFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("log\\.\\d+")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean onPreallocatedSegment() {
        List<Path> files = segmentFiles();
        return files.size() > 1 && files.stream().anyMatch(f -> size(f) == SEGMENT_BYTES);
    }

    /** Appends records until the log writes into a spare (bounded in count), then a few more. */
    private List<LogRecord> appendUntilPreallocated(MutationLog log, long firstDecree) {
        List<LogRecord> written = new ArrayList<>();
        long decree = firstDecree;
        for (int extra = 0; written.size() < MAX_RECORDS && extra < 50; decree++) {
            LogRecord record = record(A, decree, PAYLOAD);
            await(log.append(record, true));
            written.add(record);
            if (onPreallocatedSegment()) {
                extra++;
            }
        }
        assertTrue(onPreallocatedSegment(), "the log moved onto a preallocated segment within " + MAX_RECORDS + " records");
        return written;
    }

    @Test
    void recordsWrittenIntoSparesReplayExactlyAndTheLogGoesOnAfterAReopen() {
        List<LogRecord> expected = new ArrayList<>();
        try (FileMutationLog log = FileMutationLog.open(dir, SEGMENT_BYTES, true)) {
            log.replay(record -> {});
            expected.addAll(appendUntilPreallocated(log, 1));
        }
        List<Path> files = segmentFiles();
        for (Path finished : files.subList(0, files.size() - 1)) {
            assertTrue(size(finished) <= SEGMENT_BYTES && size(finished) % encodedSize(PAYLOAD) == 0,
                    finished + " holds its records and nothing else: " + size(finished) + " bytes");
        }
        assertEquals(SEGMENT_BYTES, size(files.get(files.size() - 1)), "the active segment keeps its zero tail");

        try (FileMutationLog log = FileMutationLog.open(dir, SEGMENT_BYTES, true)) {
            List<LogRecord> replayed = new ArrayList<>();
            ReplayReport report = log.replay(replayed::add);
            assertEquals(expected, replayed);
            assertTrue(report.truncatedTail().isEmpty(), "a zero tail is not a torn one");
            for (long decree = 1_000_000; decree < 1_000_010; decree++) {
                LogRecord record = record(A, decree, PAYLOAD);
                await(log.append(record, true));
                expected.add(record);
            }
        }
        try (FileMutationLog log = FileMutationLog.open(dir, SEGMENT_BYTES, true)) {
            assertEquals(expected, replayAll(log));
        }
    }

    @Test
    void aLogThatDoesNotPreallocateNeverWritesASpare() {
        try (FileMutationLog log = FileMutationLog.open(dir, SEGMENT_BYTES, false)) {
            log.replay(record -> {});
            for (long decree = 1; decree <= 1_000; decree++) {
                await(log.append(record(A, decree, PAYLOAD), true));
            }
        }
        assertFalse(Files.exists(dir.resolve(SpareSegment.FILE_NAME)));
        assertFalse(segmentFiles().stream().anyMatch(f -> size(f) == SEGMENT_BYTES));
    }
}
