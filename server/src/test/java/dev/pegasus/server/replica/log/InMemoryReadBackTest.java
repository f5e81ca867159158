package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static dev.pegasus.server.replica.log.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The twin reads back what its appends wrote and, after a crash, only what its replay yields. */
class InMemoryReadBackTest {
    private static final int PAYLOAD = 10;
    private static final long NO_BUDGET = Long.MAX_VALUE;

    @Test
    void afterACrashOnlyWhatWasFlushedIsRead() {
        InMemoryMutationLog log = new InMemoryMutationLog(2L * encodedSize(PAYLOAD));
        replayAll(log);
        log.append(record(A, 1, PAYLOAD), true);
        log.append(record(B, 1, PAYLOAD), false);
        log.append(record(A, 2, PAYLOAD), false);
        log.flush();
        log.append(record(A, 3, PAYLOAD), true);
        log.append(record(A, 4, PAYLOAD), false);
        assertEquals(List.of(1L, 2L, 3L, 4L), decrees(log.readFrom(A, 1, NO_BUDGET)), "written, if not yet durable");

        log.crash();
        assertThrows(IllegalStateException.class, () -> log.readFrom(A, 1, NO_BUDGET), "replay comes first");
        List<LogRecord> replayed = replayAll(log);

        LogReadBack read = log.readFrom(A, 1, NO_BUDGET);
        assertEquals(replayed.stream().filter(r -> r.gpid().equals(A)).toList(), read.records());
        assertEquals(List.of(1L, 2L), decrees(read));
        log.append(record(A, 3, 1), true);
        assertEquals(List.of(record(A, 2, PAYLOAD), record(A, 3, 1)), log.readFrom(A, 2, NO_BUDGET).records());
    }

    private static List<Long> decrees(LogReadBack read) {
        return read.records().stream().map(LogRecord::decree).toList();
    }
}
