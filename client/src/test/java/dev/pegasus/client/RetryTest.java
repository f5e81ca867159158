package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static dev.pegasus.client.TestSupport.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.client.fake.FakeReplica;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcMethods;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts, back-off, and the rule that non-idempotent writes are not repeated once they may have landed. */
class RetryTest {
    private static final Duration BUDGET = Duration.ofMillis(400);

    private FakeCluster cluster;
    private FakeReplica replica;
    private PegasusClient client;
    private PegasusTable table;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(1);
        cluster.createTable("t", 1);
        replica = cluster.replica(0);
        client = TestSupport.client(cluster, BUDGET);
        table = client.openTable("t");
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void unansweredRequestTimesOutWithinTheBudget() {
        replica.hang(RpcMethods.RRDB_GET);
        long start = System.nanoTime();
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT, () -> table.get(b("h"), b("s")));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= BUDGET.toMillis() - 20 && elapsedMs < BUDGET.toMillis() + 500, elapsedMs + " ms");
        assertTrue(e.getMessage().contains("get on table 't' timed out after 400 ms and 1 attempt")
                && e.getMessage().contains("last error: ERR_TIMEOUT"), e.getMessage());
    }

    @Test
    void persistentRoutingErrorEndsInTimeoutNamingAttemptsAndLastError() {
        replica.failNext(RpcMethods.RRDB_PUT, ErrorCode.ERR_INVALID_STATE, 10_000);
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT,
                () -> table.set(b("h"), b("s"), b("v")));
        int attempts = replica.calls(RpcMethods.RRDB_PUT);
        assertTrue(attempts > 2 && attempts < 40, attempts + " attempts: back-off grows");
        assertTrue(e.getMessage().contains(attempts + " attempts") && e.getMessage().contains("ERR_INVALID_STATE"),
                e.getMessage());
    }

    @Test
    void backsOffAndRetriesWhenBusy() {
        replica.failNext(RpcMethods.RRDB_PUT, ErrorCode.ERR_BUSY, 3);
        table.set(b("h"), b("s"), b("v"));
        assertEquals(4, replica.calls(RpcMethods.RRDB_PUT));
    }

    @Test
    void nonRetryableServerErrorFailsAtOnce() {
        replica.failNext(RpcMethods.RRDB_GET, ErrorCode.ERR_INVALID_DATA, 1);
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_INVALID_DATA, () -> table.get(b("h"), b("s")));
        assertEquals(1, replica.calls(RpcMethods.RRDB_GET));
        assertTrue(e.getMessage().contains("get on table 't' failed at " + replica.address()), e.getMessage());
    }

    @Test
    void incrIsNotRepeatedAfterATimeout() {
        replica.hang(RpcMethods.RRDB_INCR);
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT, () -> table.incr(b("h"), b("n"), 1));
        assertEquals(1, replica.calls(RpcMethods.RRDB_INCR));
        assertTrue(e.getMessage().contains("may have been applied"), e.getMessage());
    }

    @Test
    void checkAndMutateIsNotRepeatedAfterATimeout() {
        replica.hang(RpcMethods.RRDB_CHECK_AND_MUTATE);
        TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT, () -> table.checkAndMutate(b("h"), b("c"),
                CheckType.NO_CHECK, null, Mutations.builder().set(b("x"), b("1")).build(), null));
        assertEquals(1, replica.calls(RpcMethods.RRDB_CHECK_AND_MUTATE));
    }

    @Test
    void incrIsRetriedWhenTheServerRefusedIt() {
        replica.failNext(RpcMethods.RRDB_INCR, ErrorCode.ERR_INVALID_STATE, 1);
        replica.failNext(RpcMethods.RRDB_CHECK_AND_SET, ErrorCode.ERR_BUSY, 1);
        assertEquals(1, table.incr(b("h"), b("n"), 1));
        assertEquals(2, replica.calls(RpcMethods.RRDB_INCR));
        assertTrue(table.checkAndSet(b("h"), b("c"), CheckType.NO_CHECK, null, b("c"), b("v"), null).setSucceed());
        assertEquals(2, replica.calls(RpcMethods.RRDB_CHECK_AND_SET));
    }

    /**
     * A write lost with its connection may have been applied: repeating it could apply it again after
     * someone else's write, so the caller gets the error. A read is simply repeated elsewhere.
     */
    @Test
    void connectionLossAfterSendFailsWritesButRetriesReads() throws Exception {
        try (FakeCluster two = FakeCluster.start(2);
                PegasusClient c = TestSupport.client(two, Duration.ofSeconds(3))) {
            two.createTable("t2", 1);
            PegasusTable t = c.openTable("t2");
            FakeReplica doomed = two.replica(0);
            doomed.hang(RpcMethods.RRDB_INCR);
            doomed.hang(RpcMethods.RRDB_PUT);
            doomed.hang(RpcMethods.RRDB_GET);
            CompletableFuture<Long> incr = t.asyncIncr(b("h"), b("n"), 1, 0);
            CompletableFuture<Void> set = t.asyncSet(b("h"), b("s"), b("v"), 0);
            CompletableFuture<byte[]> get = t.asyncGet(b("h"), b("s"));
            TestSupport.waitUntil("the requests to arrive", Duration.ofSeconds(2),
                    () -> doomed.calls(RpcMethods.RRDB_INCR) == 1 && doomed.calls(RpcMethods.RRDB_PUT) == 1
                            && doomed.calls(RpcMethods.RRDB_GET) == 1);
            doomed.close();

            for (CompletableFuture<?> write : List.of(incr, set)) {
                Throwable failure = TestSupport.asyncFailure(write);
                assertInstanceOf(PegasusException.class, failure);
                assertEquals(ErrorCode.ERR_SESSION_RESET, ((PegasusException) failure).code(), failure.getMessage());
                assertTrue(failure.getMessage().contains("may have been applied"), failure.getMessage());
                assertTrue(((PegasusException) failure).mayHaveBeenApplied());
            }
            assertEquals(1, doomed.calls(RpcMethods.RRDB_PUT), "the set was not sent again");

            two.setPrimary("t2", 0, two.replica(1));
            assertEquals(null, get.get(), "the read was repeated at the new primary");
            assertEquals(1, t.incr(b("h"), b("n"), 1), "the lost incr was never applied by the fake");
        }
    }
}
