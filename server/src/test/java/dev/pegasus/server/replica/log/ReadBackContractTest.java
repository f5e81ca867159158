package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.C;
import static dev.pegasus.server.replica.log.LogFixtures.awaitAll;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link MutationLog#readFrom} returns, the same from the file log and its in-memory twin, so the
 * simulation reads back what production would.
 */
abstract class ReadBackContractTest {
    /** Four records of this payload fill a segment of {@link #SEGMENT_BYTES}; the fifth starts the next. */
    static final int PAYLOAD = 100;
    static final long SEGMENT_BYTES = 4L * encodedSize(PAYLOAD);
    static final long NO_BUDGET = Long.MAX_VALUE;

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
        MutationLog log = create(SEGMENT_BYTES);
        opened.add(log);
        replayAll(log);
        return log;
    }

    private void appendAll(MutationLog log, List<LogRecord> records) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        records.forEach(record -> futures.add(log.append(record, true)));
        settle(log);
        awaitAll(futures);
    }

    /** A, B, C, A, B, C, ... with decrees 1..rounds for each: three records per round, across segments. */
    private static List<LogRecord> interleaved(int rounds) {
        List<LogRecord> records = new ArrayList<>();
        for (int decree = 1; decree <= rounds; decree++) {
            for (Gpid gpid : List.of(A, B, C)) {
                records.add(record(gpid, decree, PAYLOAD));
            }
        }
        return records;
    }

    private static List<LogRecord> of(Gpid gpid, long fromDecree, List<LogRecord> records) {
        return records.stream().filter(r -> r.gpid().equals(gpid) && r.decree() >= fromDecree).toList();
    }

    private static LogRecord withBallot(LogRecord record, long ballot) {
        return new LogRecord(record.gpid(), ballot, record.decree(), record.lastCommittedDecree(), record.payload());
    }

    @Test
    void readsOneReplicasRecordsOutOfInterleavedOnesInAppendOrder() {
        MutationLog log = fresh();
        List<LogRecord> written = interleaved(10);
        appendAll(log, written);

        for (Gpid gpid : List.of(A, B, C)) {
            LogReadBack read = log.readFrom(gpid, 1, NO_BUDGET);
            assertEquals(of(gpid, 1, written), read.records());
            assertFalse(read.truncated());
            assertEquals(OptionalLong.of(1), read.lowestDecree());
            assertEquals(0, read.vanishedSegments());
        }
    }

    @Test
    void startsAtTheDecreeAskedForInALaterSegment() {
        MutationLog log = fresh();
        List<LogRecord> written = interleaved(10);
        appendAll(log, written);

        LogReadBack read = log.readFrom(B, 6, NO_BUDGET);

        assertEquals(of(B, 6, written), read.records());
        assertEquals(OptionalLong.of(1), read.lowestDecree(), "the records before it are still in the log");
    }

    @Test
    void pastTheLastDecreeThereIsNothingNewYet() {
        MutationLog log = fresh();
        appendAll(log, interleaved(3));

        LogReadBack read = log.readFrom(A, 4, NO_BUDGET);
        assertEquals(List.of(), read.records());
        assertEquals(OptionalLong.of(1), read.lowestDecree());

        LogRecord next = record(A, 4, PAYLOAD);
        appendAll(log, List.of(next));
        assertEquals(List.of(next), log.readFrom(A, 4, NO_BUDGET).records());
    }

    @Test
    void aReplicaWithoutRecordsReadsNothingAndHasNoLowestDecree() {
        MutationLog log = fresh();
        appendAll(log, interleaved(3));

        LogReadBack read = log.readFrom(new Gpid(9, 9), 1, NO_BUDGET);

        assertEquals(new LogReadBack(List.of(), false, OptionalLong.empty(), 0), read);
    }

    @Test
    void everyCopyOfADecreePreparedAgainComesBackInAppendOrder() {
        MutationLog log = fresh();
        List<LogRecord> written = new ArrayList<>();
        for (int decree = 1; decree <= 3; decree++) {
            written.add(record(A, decree, PAYLOAD));
        }
        written.add(withBallot(record(A, 2, PAYLOAD), 4));
        written.add(withBallot(record(A, 3, PAYLOAD), 4));
        appendAll(log, written);

        assertEquals(written.subList(1, 5), log.readFrom(A, 2, NO_BUDGET).records());
    }

    @Test
    void budgetStopsTheReadBeforeTheRecordThatWouldExceedIt() {
        MutationLog log = fresh();
        List<LogRecord> written = interleaved(10);
        appendAll(log, written);

        LogReadBack first = log.readFrom(A, 1, 2L * PAYLOAD + PAYLOAD / 2);
        assertEquals(of(A, 1, written).subList(0, 2), first.records());
        assertTrue(first.truncated());

        LogReadBack next = log.readFrom(A, 3, 2L * PAYLOAD + PAYLOAD / 2);
        assertEquals(of(A, 3, written).subList(0, 2), next.records(), "a read goes on from a later decree");

        LogReadBack exact = log.readFrom(A, 1, 10L * PAYLOAD);
        assertEquals(of(A, 1, written), exact.records());
        assertFalse(exact.truncated(), "a budget that takes every record leaves nothing unread");
    }

    @Test
    void aRecordLargerThanTheBudgetComesBackAlone() {
        MutationLog log = fresh();
        List<LogRecord> written = List.of(record(A, 1, 5 * PAYLOAD), record(A, 2, PAYLOAD));
        appendAll(log, written);

        LogReadBack read = log.readFrom(A, 1, PAYLOAD);

        assertEquals(written.subList(0, 1), read.records());
        assertTrue(read.truncated());
    }

    @Test
    void recordsOfCollectedSegmentsAreGoneAndTheLowestDecreeSaysSo() {
        MutationLog log = fresh();
        List<LogRecord> written = interleaved(8);
        // Segments: [A1 B1 C1 A2] [B2 C2 A3 B3] [C3 A4 B4 C4] ...
        appendAll(log, written);
        assertEquals(2, log.collectGarbage(Map.of(A, 3L, B, 3L, C, 3L), Set.of()));

        LogReadBack read = log.readFrom(A, 1, NO_BUDGET);

        assertEquals(of(A, 4, written), read.records());
        assertEquals(OptionalLong.of(4), read.lowestDecree(), "a caller asking from decree 1 has a gap");
        assertEquals(0, read.vanishedSegments(), "collected before the read began: simply not there");
    }

    @Test
    void readsTheSameAfterARestart() {
        MutationLog log = fresh();
        List<LogRecord> written = interleaved(10);
        appendAll(log, written);
        log.close();
        MutationLog restarted = reopen(log);
        opened.add(restarted);

        assertThrows(IllegalStateException.class, () -> restarted.readFrom(A, 1, NO_BUDGET), "replay comes first");
        replayAll(restarted);
        assertEquals(of(C, 5, written), restarted.readFrom(C, 5, NO_BUDGET).records());
    }

    @Test
    void aBudgetThatIsNotPositiveIsRefused() {
        MutationLog log = fresh();
        assertThrows(IllegalArgumentException.class, () -> log.readFrom(A, 1, 0));
    }

    @Test
    void aClosedLogIsNotRead() {
        MutationLog log = fresh();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.readFrom(A, 1, NO_BUDGET));
    }
}
