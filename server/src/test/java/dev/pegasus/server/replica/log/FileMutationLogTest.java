package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.C;
import static dev.pegasus.server.replica.log.LogFixtures.await;
import static dev.pegasus.server.replica.log.LogFixtures.awaitAll;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.failureOf;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the file log beyond the shared contract: segment files, group commit, errors, concurrency. */
class FileMutationLogTest {
    private static final int RECORD = encodedSize(100);

    @TempDir
    Path dir;

    private final List<FileMutationLog> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        opened.forEach(FileMutationLog::close);
    }

    private FileMutationLog open(long segmentBytes, SegmentSync sync) {
        FileMutationLog log = FileMutationLog.open(dir, segmentBytes, false, sync);
        opened.add(log);
        return log;
    }

    private FileMutationLog openReplayed(long segmentBytes) {
        FileMutationLog log = open(segmentBytes, SegmentSync.FDATASYNC);
        log.replay(record -> {});
        return log;
    }

    private List<LogRecord> reopenAndReplay() {
        return replayAll(open(FileMutationLog.DEFAULT_SEGMENT_BYTES, SegmentSync.FDATASYNC));
    }

    /** Holds the first sync until released, so that appends pile up behind it. */
    private static final class HeldSync implements SegmentSync {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public void sync(FileChannel channel) throws IOException {
            if (first.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS), "the test never released the sync");
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            channel.force(false);
        }

        void awaitEntered() throws InterruptedException {
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the writer never synced");
        }
    }

    /** Appends {@code perThread} durable records from each of {@code threads} threads without waiting. */
    private List<CompletableFuture<Void>> appendConcurrently(MutationLog log, int threads, int perThread)
            throws Exception {
        List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Gpid gpid = new Gpid(1, t);
            submitted.add(pool.submit(() -> {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int decree = 1; decree <= perThread; decree++) {
                    futures.add(log.append(record(gpid, decree, 100), true));
                }
                return futures;
            }));
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Future<List<CompletableFuture<Void>>> future : submitted) {
            all.addAll(future.get(30, TimeUnit.SECONDS));
        }
        return all;
    }

    @Test
    void recordsRoundTripAcrossSegmentRolls() throws IOException {
        FileMutationLog log = openReplayed(4096);
        Random random = new Random(42);
        List<LogRecord> records = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            LogRecord record = record(List.of(A, B, C).get(random.nextInt(3)), i, random.nextInt(700));
            records.add(record);
            futures.add(log.append(record, random.nextBoolean()));
        }
        awaitAll(futures);
        log.close();

        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.sorted((x, y) -> Long.compare(offsetOf(x), offsetOf(y))).toList();
        }
        assertTrue(segments.size() > 10, "expected many segments, got " + segments.size());
        long expectedOffset = 0;
        for (Path segment : segments) {
            assertEquals(expectedOffset, offsetOf(segment), "segments are named by their first log offset");
            assertTrue(Files.size(segment) <= 4096);
            expectedOffset += Files.size(segment);
        }
        assertEquals(records, reopenAndReplay());
    }

    private static long offsetOf(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring("log.".length()));
    }

    @Test
    void appendsArrivingDuringASyncShareTheNextOne() throws Exception {
        HeldSync sync = new HeldSync();
        FileMutationLog log = open(FileMutationLog.DEFAULT_SEGMENT_BYTES, sync);
        log.replay(record -> {});
        CompletableFuture<Void> first = log.append(record(A, 0, 100), true);
        sync.awaitEntered();

        List<CompletableFuture<Void>> waiting = appendConcurrently(log, 8, 125);
        assertFalse(first.isDone() || waiting.stream().anyMatch(CompletableFuture::isDone),
                "nothing is acknowledged before it is synced");
        sync.release.countDown();
        await(first);
        awaitAll(waiting);

        assertEquals(2, log.syncCount(), "1000 appends queued behind one sync share the next");
    }

    @Test
    void concurrentDurableAppendsNeedFarFewerSyncsThanAppends() throws Exception {
        FileMutationLog log = openReplayed(FileMutationLog.DEFAULT_SEGMENT_BYTES);
        awaitAll(appendConcurrently(log, 8, 125));
        assertTrue(log.syncCount() <= 250, "1000 durable appends took " + log.syncCount() + " syncs");
        assertEquals(1000, reopenAndReplayAfterClosing(log).size());
    }

    private List<LogRecord> reopenAndReplayAfterClosing(FileMutationLog log) {
        log.close();
        return reopenAndReplay();
    }

    @Test
    void eachThreadsAppendsReplayInItsOrder() throws Exception {
        FileMutationLog log = openReplayed(64 * 1024);
        awaitAll(appendConcurrently(log, 4, 250));
        Map<Gpid, Long> lastDecree = new HashMap<>();
        for (LogRecord record : reopenAndReplayAfterClosing(log)) {
            long previous = lastDecree.getOrDefault(record.gpid(), 0L);
            assertEquals(previous + 1, record.decree(), "decrees of " + record.gpid() + " out of order");
            lastDecree.put(record.gpid(), record.decree());
        }
        assertEquals(4, lastDecree.size());
        assertTrue(lastDecree.values().stream().allMatch(decree -> decree == 250));
    }

    @Test
    void nonDurableAppendsCompleteWithoutSyncAndAreSyncedOnClose() {
        FileMutationLog log = openReplayed(FileMutationLog.DEFAULT_SEGMENT_BYTES);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int decree = 1; decree <= 100; decree++) {
            futures.add(log.append(record(A, decree, 10), false));
        }
        awaitAll(futures);
        assertEquals(0, log.syncCount());

        log.close();
        assertEquals(1, log.syncCount(), "a clean close leaves everything durable");
        assertEquals(100, reopenAndReplay().size());
    }

    @Test
    void closeWaitsForAppendsQueuedBehindASlowSync() throws Exception {
        HeldSync sync = new HeldSync();
        FileMutationLog log = open(FileMutationLog.DEFAULT_SEGMENT_BYTES, sync);
        log.replay(record -> {});
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(log.append(record(A, 1, 100), true));
        sync.awaitEntered();
        for (int decree = 2; decree <= 50; decree++) {
            futures.add(log.append(record(A, decree, 100), decree % 2 == 0));
        }

        Future<?> closing = pool.submit(log::close);
        assertFalse(futures.get(0).isDone());
        sync.release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertTrue(futures.stream().allMatch(future -> future.isDone() && !future.isCompletedExceptionally()));
        assertInstanceOf(LogClosedException.class, failureOf(log.append(record(A, 51, 1), true)));
        assertEquals(50, reopenAndReplay().size());
    }

    @Test
    void failedSyncFailsTheBatchAndEveryLaterAppend() {
        SegmentSync broken = channel -> {
            throw new IOException("disk gone");
        };
        FileMutationLog log = open(FileMutationLog.DEFAULT_SEGMENT_BYTES, broken);
        log.replay(record -> {});

        Throwable failure = failureOf(log.append(record(A, 1, 10), true));
        assertInstanceOf(UncheckedIOException.class, failure);
        assertEquals("disk gone", failure.getCause().getMessage());
        assertInstanceOf(UncheckedIOException.class, failureOf(log.append(record(A, 2, 10), false)),
                "after a failed sync nothing may be acknowledged");
        log.close();
    }

    @Test
    void garbageCollectionDeletesSegmentFiles() {
        FileMutationLog log = openReplayed(2L * RECORD);
        for (int decree = 1; decree <= 6; decree++) {
            await(log.append(record(A, decree, 100), true));
        }
        assertEquals(Set.of("log.0", "log." + 2 * RECORD, "log." + 4 * RECORD), fileNames());

        assertEquals(2, log.collectGarbage(Map.of(A, 4L), Set.of()));
        assertEquals(Set.of("log." + 4 * RECORD), fileNames());
        await(log.append(record(A, 7, 100), true));
        assertEquals(1, log.collectGarbage(Map.of(A, 100L), Set.of()));
        assertEquals(Set.of("log." + 6 * RECORD), fileNames());
        assertEquals(RECORD, log.sizeBytes());
    }

    private Set<String> fileNames() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void garbageCollectionRacingAppendsKeepsEveryRecordAboveTheDurableDecree() throws Exception {
        FileMutationLog log = openReplayed(16L * RECORD);
        AtomicLong durable = new AtomicLong();
        Future<Integer> collector = pool.submit(() -> {
            int deleted = 0;
            long seen;
            do {
                seen = durable.get();
                deleted += log.collectGarbage(Map.of(A, seen), Set.of());
            } while (seen < 990);
            return deleted;
        });
        for (int decree = 1; decree <= 1000; decree++) {
            long d = decree;
            log.append(record(A, decree, 100), decree % 4 == 0).thenRun(() -> durable.set(d - 10));
        }
        assertTrue(collector.get(30, TimeUnit.SECONDS) > 0);
        long finalDurable = durable.get();

        List<Long> decrees = reopenAndReplayAfterClosing(log).stream()
                .filter(record -> record.gpid().equals(A)).map(LogRecord::decree).toList();
        long firstKept = decrees.get(0);
        assertTrue(firstKept <= finalDurable + 1, "records above the durable decree were deleted");
        for (int i = 0; i < decrees.size(); i++) {
            assertEquals(firstKept + i, decrees.get(i));
        }
        assertEquals(1000L, decrees.get(decrees.size() - 1));
    }

    @Test
    void sizeCountsSegmentsBeforeAndAfterReplay() {
        FileMutationLog log = openReplayed(FileMutationLog.DEFAULT_SEGMENT_BYTES);
        for (int decree = 1; decree <= 3; decree++) {
            await(log.append(record(A, decree, 100), true));
        }
        assertEquals(3L * RECORD, log.sizeBytes());
        log.close();

        FileMutationLog reopened = open(FileMutationLog.DEFAULT_SEGMENT_BYTES, SegmentSync.FDATASYNC);
        assertEquals(3L * RECORD, reopened.sizeBytes());
        reopened.replay(record -> {});
        await(reopened.append(record(A, 4, 100), true));
        assertEquals(4L * RECORD, reopened.sizeBytes());
    }
}
