package dev.pegasus.server.replica.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Records and waits shared by the log tests. */
final class LogFixtures {
    static final Gpid A = new Gpid(1, 0);
    static final Gpid B = new Gpid(1, 1);
    static final Gpid C = new Gpid(2, 7);

    private static final long TIMEOUT_SECONDS = 30;

    private LogFixtures() {}

    /** A record whose payload bytes depend on its gpid and decree, so a mix-up shows. */
    static LogRecord record(Gpid gpid, long decree, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++) {
            payload[i] = (byte) (decree * 31 + gpid.partitionIndex() * 7 + i);
        }
        return new LogRecord(gpid, 3, decree, decree - 1, payload);
    }

    static int encodedSize(int payloadBytes) {
        return RecordFormat.HEADER_BYTES + payloadBytes;
    }

    static List<LogRecord> replayAll(MutationLog log) {
        List<LogRecord> records = new ArrayList<>();
        ReplayReport report = log.replay(records::add);
        assertEquals(records.size(), report.recordsReplayed());
        return records;
    }

    static void await(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("append did not complete normally", e);
        }
    }

    static void awaitAll(Collection<? extends CompletableFuture<?>> futures) {
        futures.forEach(LogFixtures::await);
    }

    /** Waits for a future that must fail, and returns its cause. */
    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("append did not settle", e);
        }
        throw new AssertionError("append completed normally but was expected to fail");
    }
}
