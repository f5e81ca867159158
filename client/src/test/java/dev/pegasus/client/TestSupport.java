package dev.pegasus.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the client tests. */
final class TestSupport {
    private TestSupport() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static PegasusClient client(FakeCluster cluster, Duration operationTimeout) {
        return PegasusClient.open(ClientOptions.builder()
                .metaServers(cluster.metaAddress())
                .operationTimeout(operationTimeout)
                .ddlTimeout(Duration.ofSeconds(5))
                .ioThreads(1)
                .build());
    }

    /** Polls a condition until it holds or the deadline passes (no fixed sleeps). */
    static void waitUntil(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static PegasusException assertPegasusError(ErrorCode expected, Executable call) {
        PegasusException e = assertThrows(PegasusException.class, call);
        if (e.code() != expected) {
            fail("expected " + expected + " but got " + e.code() + ": " + e.getMessage(), e);
        }
        return e;
    }

    /** The cause of an async failure, as users of {@code get()} see it. */
    static Throwable asyncFailure(java.util.concurrent.CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return e.getCause();
    }
}
