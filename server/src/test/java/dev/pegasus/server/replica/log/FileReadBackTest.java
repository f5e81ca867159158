package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.await;
import static dev.pegasus.server.replica.log.LogFixtures.awaitAll;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-back from segment files while the writer and garbage collection work on them, and from damaged logs. */
class FileReadBackTest {
    private static final int PAYLOAD = 100;
    private static final int RECORD = encodedSize(PAYLOAD);
    private static final long NO_BUDGET = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private final List<FileMutationLog> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        opened.forEach(FileMutationLog::close);
    }

    private FileMutationLog openReplayed(long segmentBytes) {
        return openReplayed(segmentBytes, SegmentSync.FDATASYNC);
    }

    private FileMutationLog openReplayed(long segmentBytes, SegmentSync sync) {
        FileMutationLog log = FileMutationLog.open(dir, segmentBytes, false, sync);
        opened.add(log);
        log.replay(record -> {});
        return log;
    }

    /** Appends and waits, one record after the other. */
    private static void appendEach(MutationLog log, List<LogRecord> records) {
        records.forEach(record -> await(log.append(record, true)));
    }

    /** {@code count} records of each of A and B, alternating, from decree 1. */
    private static List<LogRecord> alternating(int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int decree = 1; decree <= count; decree++) {
            records.add(record(A, decree, PAYLOAD));
            records.add(record(B, decree, PAYLOAD));
        }
        return records;
    }

    private static List<Long> decrees(LogReadBack read) {
        return read.records().stream().map(LogRecord::decree).toList();
    }

    @Test
    void segmentsWithoutTheReplicaAtOrAboveTheDecreeAreNotOpened() throws IOException {
        FileMutationLog log = openReplayed(4L * RECORD);
        List<LogRecord> written = new ArrayList<>();
        for (int decree = 1; decree <= 4; decree++) {
            written.add(record(A, decree, PAYLOAD));
        }
        for (int decree = 1; decree <= 4; decree++) {
            written.add(record(B, decree, PAYLOAD));
        }
        for (int decree = 5; decree <= 9; decree++) {
            written.add(record(A, decree, PAYLOAD));
        }
        // Segments: [A1..A4] [B1..B4] [A5..A8] [A9 (being written)]
        appendEach(log, written);
        // Taken from under the log, as garbage collection does between the start of a read and its opening them.
        Files.delete(dir.resolve("log.0"));
        Files.delete(dir.resolve("log." + 4 * RECORD));

        LogReadBack skipping = log.readFrom(A, 5, NO_BUDGET);
        assertEquals(written.subList(8, 13), skipping.records());
        assertEquals(0, skipping.vanishedSegments(), "neither segment could hold A5 or later, so neither was opened");

        LogReadBack needing = log.readFrom(A, 1, NO_BUDGET);
        assertEquals(written.subList(8, 13), needing.records());
        assertEquals(1, needing.vanishedSegments(), "log.0 held A1..A4 and was gone when the read opened it");
        assertEquals(OptionalLong.of(5), needing.lowestDecree());
    }

    @Test
    void recordsWrittenButNotYetSyncedAreRead() throws Exception {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileMutationLog log = openReplayed(FileMutationLog.DEFAULT_SEGMENT_BYTES, channel -> {
            syncing.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            channel.force(false);
        });
        CompletableFuture<Void> appended = log.append(record(A, 1, PAYLOAD), true);
        assertTrue(syncing.await(30, TimeUnit.SECONDS));

        assertEquals(List.of(record(A, 1, PAYLOAD)), log.readFrom(A, 1, NO_BUDGET).records());
        assertFalse(appended.isDone());
        release.countDown();
        await(appended);
    }

    /**
     * Readers racing a writer that rolls segments often: every read is a prefix of what was appended, so no
     * record comes back half written, out of order or from another replica.
     */
    @Test
    void readsRacingAppendsSeeAPrefixOfTheAppendedRecords() throws Exception {
        FileMutationLog log = openReplayed(16L * RECORD);
        List<LogRecord> expected = new ArrayList<>();
        for (int decree = 1; decree <= 1_000; decree++) {
            expected.add(record(A, decree, decree % 7 * 40));
        }
        AtomicBoolean appending = new AtomicBoolean(true);
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                int reads = 0;
                int seen = 0;
                while (appending.get() || reads == 0) {
                    List<LogRecord> read = log.readFrom(A, 1, NO_BUDGET).records();
                    assertEquals(expected.subList(0, read.size()), read);
                    assertTrue(read.size() >= seen, "a later read never sees fewer records");
                    seen = read.size();
                    reads++;
                }
                return reads;
            }));
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            futures.add(log.append(expected.get(i), i % 3 == 0));
            futures.add(log.append(record(B, i + 1, PAYLOAD), false));
        }
        awaitAll(futures);
        appending.set(false);
        for (Future<Integer> reader : readers) {
            assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
        }
        assertEquals(expected, log.readFrom(A, 1, NO_BUDGET).records());
    }

    /**
     * Garbage collection deleting segments under readers: a read returns A's records in decree order and,
     * unless a segment vanished under it (its records are then missing), as one run from where the log
     * held them.
     */
    @Test
    void readsRacingGarbageCollectionReturnRunsWithoutHoles() throws Exception {
        FileMutationLog log = openReplayed(4L * RECORD);
        AtomicLong durable = new AtomicLong();
        AtomicBoolean collecting = new AtomicBoolean(true);
        Future<Integer> collector = pool.submit(() -> {
            int deleted = 0;
            long seen;
            do {
                seen = durable.get();
                deleted += log.collectGarbage(Map.of(A, seen), Set.of());
            } while (seen < 2_990);
            collecting.set(false);
            return deleted;
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                int reads = 0;
                while (collecting.get()) {
                    long from = Math.max(1, durable.get() - 20);
                    LogReadBack read = log.readFrom(A, from, NO_BUDGET);
                    assertRunFrom(from, read);
                    reads++;
                }
                return reads;
            }));
        }
        for (int decree = 1; decree <= 3_000; decree++) {
            long d = decree;
            CompletableFuture<Void> appended = log.append(record(A, decree, PAYLOAD), decree % 4 == 0)
                    .thenRun(() -> durable.set(d - 10));
            if (decree % 50 == 0) {
                await(appended);
            }
        }
        assertTrue(collector.get(30, TimeUnit.SECONDS) > 0, "garbage collection deleted segments meanwhile");
        for (Future<Integer> reader : readers) {
            reader.get(30, TimeUnit.SECONDS);
        }
        List<LogRecord> rest = log.readFrom(A, durable.get() + 1, NO_BUDGET).records();
        assertEquals(3_000 - durable.get(), rest.size(), "every record above the durable decree is still there");
    }

    private static void assertRunFrom(long from, LogReadBack read) {
        List<Long> decrees = decrees(read);
        if (decrees.isEmpty()) {
            return;
        }
        // The segments read before a vanished one were open before it went; their records still come back.
        long largestStep = read.vanishedSegments() == 0 ? 1 : Long.MAX_VALUE;
        for (int i = 1; i < decrees.size(); i++) {
            long step = decrees.get(i) - decrees.get(i - 1);
            assertTrue(step >= 1 && step <= largestStep, "out of order or a hole in " + decrees);
        }
        if (read.vanishedSegments() == 0) {
            assertEquals(Math.max(from, read.lowestDecree().orElseThrow()), decrees.get(0));
        } else {
            assertTrue(decrees.get(0) >= from);
        }
    }

    @Test
    void aTornTailCutByReplayIsNeverRead() throws IOException {
        try (FileMutationLog log = FileMutationLog.open(dir, FileMutationLog.DEFAULT_SEGMENT_BYTES)) {
            log.replay(record -> {});
            appendEach(log, alternating(3));
        }
        ByteBuffer torn = ByteBuffer.allocate(RECORD);
        RecordFormat.encode(record(A, 4, PAYLOAD), torn);
        append(dir.resolve("log.0"), torn.array(), RECORD - 10);

        FileMutationLog log = openReplayed(FileMutationLog.DEFAULT_SEGMENT_BYTES);
        assertEquals(List.of(1L, 2L, 3L), decrees(log.readFrom(A, 1, NO_BUDGET)));
        await(log.append(record(A, 4, 7), true));
        assertEquals(List.of(record(A, 3, PAYLOAD), record(A, 4, 7)), log.readFrom(A, 3, NO_BUDGET).records());
    }

    @Test
    void theZeroTailOfAPreallocatedSegmentIsNotRead() throws IOException {
        long segmentBytes = 16L * RECORD;
        try (FileMutationLog log = FileMutationLog.open(dir, segmentBytes)) {
            log.replay(record -> {});
            appendEach(log, alternating(3));
        }
        // As a spare the writer moved onto leaves it: records, then zeros to the segment's size.
        try (FileChannel channel = FileChannel.open(dir.resolve("log.0"), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) (segmentBytes - channel.size())), channel.size());
        }

        FileMutationLog log = openReplayed(segmentBytes);
        assertEquals(List.of(1L, 2L, 3L), decrees(log.readFrom(A, 1, NO_BUDGET)));
        await(log.append(record(A, 4, PAYLOAD), true));
        assertEquals(List.of(1L, 2L, 3L, 4L), decrees(log.readFrom(A, 1, NO_BUDGET)));
        assertEquals(segmentBytes, Files.size(dir.resolve("log.0")), "the writer overwrote the zeros in place");
    }

    @Test
    void aBadRecordInASegmentNoLongerWrittenIsReportedAsCorruption() throws IOException {
        FileMutationLog log = openReplayed(4L * RECORD);
        appendEach(log, alternating(5));
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("log.0").toFile(), "rw")) {
            file.seek(RECORD + 50);
            int value = file.read();
            file.seek(RECORD + 50);
            file.write(value ^ 0x5A);
        }

        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> log.readFrom(B, 1, NO_BUDGET));
        assertEquals(dir.resolve("log.0"), e.file());
        assertEquals(RECORD, e.offset());
        assertEquals(List.of(3L, 4L, 5L), decrees(log.readFrom(B, 3, NO_BUDGET)), "a segment not needed is not read");
    }

    private static void append(Path file, byte[] bytes, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(bytes, 0, length);
        }
    }
}
