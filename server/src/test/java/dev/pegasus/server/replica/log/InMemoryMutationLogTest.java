package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.failureOf;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The twin's simulation controls: flush makes appends durable, crash loses what was not. */
class InMemoryMutationLogTest {
    private static final int RECORD = encodedSize(10);

    private static InMemoryMutationLog replayed(long segmentBytes) {
        InMemoryMutationLog log = new InMemoryMutationLog(segmentBytes);
        replayAll(log);
        return log;
    }

    @Test
    void durableAppendsWaitForFlushAndCompleteInOrder() {
        InMemoryMutationLog log = replayed(1024);
        List<Long> completed = new ArrayList<>();
        for (long decree = 1; decree <= 3; decree++) {
            long d = decree;
            log.append(record(A, decree, 10), true).thenRun(() -> completed.add(d));
        }
        assertEquals(3, log.pendingCount());
        assertTrue(completed.isEmpty());

        log.flush();
        assertEquals(List.of(1L, 2L, 3L), completed);
        assertEquals(0, log.pendingCount());
    }

    @Test
    void nonDurableAppendCompletesAtOnceUnlessADurableOneIsWaiting() {
        InMemoryMutationLog log = replayed(1024);
        assertTrue(log.append(record(A, 1, 10), false).isDone());
        assertEquals(0, log.pendingCount());

        CompletableFuture<Void> durable = log.append(record(A, 2, 10), true);
        CompletableFuture<Void> behind = log.append(record(A, 3, 10), false);
        assertFalse(behind.isDone(), "futures complete in append order");
        assertEquals(2, log.pendingCount());
        log.flush();
        assertTrue(durable.isDone() && behind.isDone());
    }

    @Test
    void completedNonDurableAppendIsLostOnCrashUnlessFlushed() {
        InMemoryMutationLog log = replayed(1024);
        assertTrue(log.append(record(A, 1, 10), false).isDone());
        log.crash();
        assertEquals(List.of(), replayAll(log));
        assertTrue(log.append(record(A, 1, 10), false).isDone());
        log.flush();
        log.crash();
        assertEquals(List.of(record(A, 1, 10)), replayAll(log));
    }

    @Test
    void crashKeepsOnlyFlushedRecordsAndFailsWaitingAppends() {
        InMemoryMutationLog log = replayed(1024);
        log.append(record(A, 1, 10), true);
        log.append(record(B, 1, 10), false);
        log.flush();
        CompletableFuture<Void> unflushed = log.append(record(A, 2, 10), true);
        CompletableFuture<Void> unsynced = log.append(record(B, 2, 10), false);

        log.crash();

        assertInstanceOf(LogClosedException.class, failureOf(unflushed));
        assertInstanceOf(LogClosedException.class, failureOf(unsynced), "it was waiting behind a durable append");
        assertEquals(0, log.pendingCount());
        assertThrows(IllegalStateException.class, () -> log.append(record(A, 3, 10), true), "replay comes first");
        assertEquals(List.of(record(A, 1, 10), record(B, 1, 10)), replayAll(log));
        assertEquals(2L * RECORD, log.sizeBytes());
    }

    @Test
    void appendsAfterACrashContinueTheDurablePrefix() {
        InMemoryMutationLog log = replayed(2L * RECORD);
        for (long decree = 1; decree <= 5; decree++) {
            log.append(record(A, decree, 10), true);
            if (decree == 3) {
                log.flush();
            }
        }
        log.crash();
        assertEquals(3, replayAll(log).size());
        log.append(record(A, 4, 10), true);
        log.flush();
        log.crash();

        List<LogRecord> replayed = replayAll(log);
        assertEquals(List.of(1L, 2L, 3L, 4L), replayed.stream().map(LogRecord::decree).toList());
        assertEquals(1, log.collectGarbage(Map.of(A, 2L), Set.of()), "segments survive a crash: [A1 A2] [A3 A4]");
    }

    /**
     * Random runs of appends, flushes, crashes and garbage collection checked against a model: after a
     * crash the log holds every flushed record above the highest decree collected, and nothing that was
     * not flushed. The same seed gives the same run, which the simulation relies on.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 99, 12345})
    void randomRunsMatchTheModelAndRepeatExactly(long seed) {
        List<String> first = simulate(seed);
        assertEquals(first, simulate(seed));
    }

    private static List<String> simulate(long seed) {
        Random random = new Random(seed);
        InMemoryMutationLog log = replayed(3L * RECORD);
        List<LogRecord> written = new ArrayList<>();
        int durableCount = 0;
        long collectedUpTo = 0;
        long nextDecree = 1;
        List<String> trace = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(10);
            if (action < 6) {
                LogRecord record = record(A, nextDecree++, 10);
                log.append(record, random.nextBoolean());
                written.add(record);
            } else if (action < 8) {
                log.flush();
                durableCount = written.size();
            } else if (action == 8) {
                log.crash();
                written = new ArrayList<>(written.subList(0, durableCount));
                List<LogRecord> replayed = replayAll(log);
                long kept = collectedUpTo;
                List<LogRecord> expected = written.stream().filter(r -> r.decree() > kept).toList();
                assertEquals(expected, replayed.subList(replayed.size() - expected.size(), replayed.size()));
                assertTrue(replayed.stream().allMatch(written::contains), "replay yielded a lost record");
                trace.add("crash " + replayed.size() + " " + log.sizeBytes());
            } else if (!written.isEmpty()) {
                collectedUpTo = Math.max(collectedUpTo, written.get(random.nextInt(written.size())).decree());
                trace.add("gc " + log.collectGarbage(Map.of(A, collectedUpTo), Set.of()) + " " + log.sizeBytes());
            }
        }
        assertTrue(trace.stream().anyMatch(event -> event.startsWith("crash")), "the run never crashed");
        assertTrue(trace.stream().anyMatch(event -> event.startsWith("gc ") && !event.startsWith("gc 0")),
                "the run never deleted a segment");
        return trace;
    }
}
