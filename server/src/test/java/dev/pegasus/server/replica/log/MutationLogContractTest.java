package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.C;
import static dev.pegasus.server.replica.log.LogFixtures.awaitAll;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.failureOf;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MutationLog} keeps, run against the file log and its in-memory twin so the
 * simulation exercises the same behaviour production has.
 */
abstract class MutationLogContractTest {
    /** Four records of this payload fill a segment of {@link #SEGMENT_BYTES}; the fifth starts the next. */
    static final int PAYLOAD = 100;
    static final long SEGMENT_BYTES = 4L * encodedSize(PAYLOAD);

    private final List<MutationLog> opened = new ArrayList<>();

    /** A new, empty log (not yet replayed) that rolls segments at {@code segmentBytes}. */
    protected abstract MutationLog create(long segmentBytes);

    /** The same log after a clean close, as a restarted server finds it (not yet replayed). */
    protected abstract MutationLog reopen(MutationLog closed);

    /** Lets durable appends complete: nothing for the file log, a flush for the in-memory twin. */
    protected abstract void settle(MutationLog log);

    @AfterEach
    void closeAll() {
        opened.forEach(MutationLog::close);
    }

    private MutationLog fresh() {
        MutationLog log = track(create(SEGMENT_BYTES));
        replayAll(log);
        return log;
    }

    private MutationLog restart(MutationLog log) {
        log.close();
        return track(reopen(log));
    }

    private MutationLog track(MutationLog log) {
        opened.add(log);
        return log;
    }

    /** Appends and waits for every append to complete. */
    private void appendAll(MutationLog log, List<LogRecord> records, boolean durable) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        records.forEach(record -> futures.add(log.append(record, durable)));
        settle(log);
        awaitAll(futures);
    }

    /** A, B, A, B, ... with decrees 1..pairs for each. */
    private static List<LogRecord> interleaved(int pairs) {
        List<LogRecord> records = new ArrayList<>();
        for (int decree = 1; decree <= pairs; decree++) {
            records.add(record(A, decree, PAYLOAD));
            records.add(record(B, decree, PAYLOAD));
        }
        return records;
    }

    @Test
    void freshLogReplaysNothing() {
        MutationLog log = track(create(SEGMENT_BYTES));
        ReplayReport report = log.replay(record -> {
            throw new AssertionError("nothing to replay");
        });
        assertEquals(new ReplayReport(0, 0, Optional.empty()), report);
        assertEquals(0, log.sizeBytes());
    }

    @Test
    void replayYieldsRecordsInAppendOrderAfterReopen() {
        MutationLog log = fresh();
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Gpid gpid = List.of(A, B, C).get(i % 3);
            records.add(record(gpid, 100 - i, i % 7 * 30));
        }
        appendAll(log, records.subList(0, 30), true);
        appendAll(log, records.subList(30, 60), false);

        MutationLog reopened = restart(log);
        List<LogRecord> replayed = new ArrayList<>();
        ReplayReport report = reopened.replay(replayed::add);

        assertEquals(records, replayed);
        long bytes = records.stream().mapToLong(RecordFormat::encodedSize).sum();
        assertEquals(new ReplayReport(60, bytes, Optional.empty()), report);
        assertEquals(bytes, reopened.sizeBytes());
    }

    @Test
    void appendsAfterReplayFollowTheReplayedRecords() {
        MutationLog log = fresh();
        List<LogRecord> first = interleaved(3);
        appendAll(log, first, true);
        MutationLog second = restart(log);
        replayAll(second);
        List<LogRecord> more = List.of(record(C, 1, 5), record(A, 4, 0));
        appendAll(second, more, true);

        List<LogRecord> expected = new ArrayList<>(first);
        expected.addAll(more);
        assertEquals(expected, replayAll(restart(second)));
    }

    @Test
    void futuresCompleteInAppendOrder() {
        MutationLog log = fresh();
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int decree = 1; decree <= 300; decree++) {
            long d = decree;
            futures.add(log.append(record(A, decree, 50), decree % 3 == 0).thenRun(() -> completed.add(d)));
        }
        settle(log);
        awaitAll(futures);
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), completed);
    }

    @Test
    void closeSettlesEveryAcceptedAppend() {
        MutationLog log = fresh();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (LogRecord record : interleaved(20)) {
            futures.add(log.append(record, record.decree() % 2 == 0));
        }
        log.close();

        assertTrue(futures.stream().allMatch(CompletableFuture::isDone), "close left an append hanging");
        awaitAll(futures);
        assertEquals(interleaved(20), replayAll(track(reopen(log))));
    }

    @Test
    void appendBeforeReplayIsRefused() {
        MutationLog log = track(create(SEGMENT_BYTES));
        assertThrows(IllegalStateException.class, () -> log.append(record(A, 1, 1), true));
        assertThrows(IllegalStateException.class, () -> log.collectGarbage(Map.of(), Set.of()));
    }

    @Test
    void replayRunsOnce() {
        MutationLog log = fresh();
        assertThrows(IllegalStateException.class, () -> log.replay(record -> {}));
    }

    @Test
    void appendAfterCloseFails() {
        MutationLog log = fresh();
        log.close();
        assertInstanceOf(LogClosedException.class, failureOf(log.append(record(A, 1, 1), true)));
        log.close();
    }

    @Test
    void oversizedPayloadIsRefused() {
        MutationLog log = fresh();
        LogRecord huge = new LogRecord(A, 1, 1, 0, new byte[RecordFormat.MAX_PAYLOAD_BYTES + 1]);
        assertThrows(IllegalArgumentException.class, () -> log.append(huge, true));
    }

    @Test
    void segmentGoesOnlyWhenEveryReplicaInItIsDurable() {
        MutationLog log = fresh();
        // Segments: [A1 B1 A2 B2] [A3 B3 A4 B4] [A5 B5 A6 B6 (being written)]
        appendAll(log, interleaved(6), true);

        assertEquals(0, log.collectGarbage(Map.of(A, 2L, B, 1L), Set.of()));
        assertEquals(0, log.collectGarbage(Map.of(A, 100L), Set.of()), "B's durable decree is unknown");
        assertEquals(1, log.collectGarbage(Map.of(A, 2L, B, 2L), Set.of()));
        assertEquals(2L * 4 * encodedSize(PAYLOAD), log.sizeBytes());
        assertEquals(0, log.collectGarbage(Map.of(A, 2L, B, 2L), Set.of()), "already deleted");
        assertEquals(1, log.collectGarbage(Map.of(A, 100L, B, 100L), Set.of()), "never the segment being written");

        assertEquals(interleaved(6).subList(8, 12), replayAll(restart(log)));
    }

    @Test
    void forgottenReplicaReleasesItsSegmentsOnlyWhenAbsentFromTheDurableMap() {
        MutationLog log = fresh();
        appendAll(log, interleaved(6), true);

        assertEquals(0, log.collectGarbage(Map.of(B, 100L), Set.of()), "A is neither durable nor forgotten");
        assertEquals(0, log.collectGarbage(Map.of(A, 0L, B, 100L), Set.of(A)), "a durable decree wins over forgotten");
        assertEquals(2, log.collectGarbage(Map.of(B, 100L), Set.of(A)));
        assertEquals(interleaved(6).subList(8, 12), replayAll(restart(log)));
    }

    @Test
    void segmentsOfOtherReplicasStayWhenOneIsForgotten() {
        MutationLog log = fresh();
        List<LogRecord> records = new ArrayList<>();
        for (int decree = 1; decree <= 8; decree++) {
            records.add(record(decree <= 4 ? A : C, decree, PAYLOAD));
        }
        records.add(record(B, 1, PAYLOAD));
        // Segments: [A1..A4] [C5..C8] [B1 (being written)]
        appendAll(log, records, true);

        assertEquals(1, log.collectGarbage(Map.of(), Set.of(A)));
        assertEquals(records.subList(4, 9), replayAll(restart(log)));
    }

    @Test
    void everyRecordOfALogNeverRolledStaysInTheActiveSegment() {
        MutationLog log = fresh();
        appendAll(log, interleaved(2), true);
        assertEquals(0, log.collectGarbage(Map.of(A, Long.MAX_VALUE, B, Long.MAX_VALUE), Set.of(A, B)));
        assertEquals(interleaved(2), replayAll(restart(log)));
    }

    @Test
    void recordLargerThanASegmentGetsASegmentOfItsOwn() {
        MutationLog log = fresh();
        List<LogRecord> records = List.of(record(A, 1, PAYLOAD), record(A, 2, (int) SEGMENT_BYTES * 3),
                record(A, 3, PAYLOAD));
        appendAll(log, records, true);
        assertEquals(2, log.collectGarbage(Map.of(A, 2L), Set.of()));
        assertEquals(records.subList(2, 3), replayAll(restart(log)));
    }
}
