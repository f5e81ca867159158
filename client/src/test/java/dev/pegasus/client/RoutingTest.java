package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static dev.pegasus.client.TestSupport.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.client.fake.FakeReplica;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.rpc.RpcMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route refreshes: stale primaries, dead servers, partitions without primary, meta followers. */
class RoutingTest {
    private static final int PARTITIONS = 4;

    private FakeCluster cluster;
    private PegasusClient client;
    private PegasusTable table;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        cluster.createTable("r", PARTITIONS);
        client = TestSupport.client(cluster, Duration.ofSeconds(3));
        table = client.openTable("r");
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    /** A hash key whose partition is {@code partition}. */
    private static byte[] keyIn(int partition, int n) {
        for (int i = 0; ; i++) {
            byte[] key = b("key-" + partition + "-" + n + "-" + i);
            if (PartitionHash.partitionIndex(PartitionHash.of(key, new byte[0]), PARTITIONS) == partition) {
                return key;
            }
        }
    }

    @Test
    void refreshesRoutesAfterInvalidState() {
        byte[] key = keyIn(0, 0);
        table.set(key, b("s"), b("v"));
        int queries = cluster.meta().queryConfigCalls();
        cluster.replica(0).failNext(RpcMethods.RRDB_GET, ErrorCode.ERR_INVALID_STATE, 2);
        assertEquals("v", s(table.get(key, b("s"))));
        assertEquals(3, cluster.replica(0).calls(RpcMethods.RRDB_GET));
        assertTrue(cluster.meta().queryConfigCalls() > queries, "routes were queried again");
    }

    @Test
    void followsThePrimaryToAnotherServerAfterItsServerDies() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            keys.add(keyIn(p, 0));
            table.set(keys.get(p), b("s"), b("v" + p));
        }
        FakeReplica dying = cluster.replica(1);
        dying.close();
        CompletableFuture<byte[]> pending = table.asyncGet(keys.get(1), b("s"));
        int queries = cluster.meta().queryConfigCalls();
        TestSupport.waitUntil("the client to retry against the meta", Duration.ofSeconds(2),
                () -> cluster.meta().queryConfigCalls() >= queries + 2);
        assertFalse(pending.isDone(), "still retrying while the meta points at the dead server");

        for (int p = 1; p < PARTITIONS; p += 2) {
            cluster.setPrimary("r", p, cluster.replica(0));
        }
        assertEquals("v1", s(pending.get()));
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals("v" + p, s(table.get(keys.get(p), b("s"))));
        }
    }

    @Test
    void coalescesConcurrentRefreshes() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(keyIn(2, i));
            table.set(keys.get(i), b("s"), b("v" + i));
        }
        int queries = cluster.meta().queryConfigCalls();
        cluster.replica(0).failNext(RpcMethods.RRDB_GET, ErrorCode.ERR_OBJECT_NOT_FOUND, 40);
        List<CompletableFuture<byte[]>> gets = keys.stream().map(k -> table.asyncGet(k, b("s"))).toList();
        for (int i = 0; i < gets.size(); i++) {
            assertEquals("v" + i, s(gets.get(i).get()));
        }
        int refreshes = cluster.meta().queryConfigCalls() - queries;
        assertTrue(refreshes >= 1 && refreshes <= 5, "40 failures caused " + refreshes + " route queries");
    }

    @Test
    void waitsForAPartitionWithoutPrimary() throws Exception {
        byte[] key = keyIn(3, 0);
        table.set(key, b("s"), b("v"));
        cluster.setPrimary("r", 3, null);
        client.openTable("r");
        CompletableFuture<byte[]> pending = table.asyncGet(key, b("s"));
        int queries = cluster.meta().queryConfigCalls();
        TestSupport.waitUntil("the client to look for a primary", Duration.ofSeconds(2),
                () -> cluster.meta().queryConfigCalls() >= queries + 2);
        assertFalse(pending.isDone());
        cluster.setPrimary("r", 3, cluster.replica(0));
        assertEquals("v", s(pending.get()));
    }

    @Test
    void tableDroppedWhileInUseFailsFastWithNotFound() {
        byte[] key = keyIn(0, 0);
        table.set(key, b("s"), b("v"));
        client.admin().dropTable("r", 0);
        long start = System.nanoTime();
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_OBJECT_NOT_FOUND, () -> table.get(key, b("s")));
        assertTrue(e.getMessage().contains("'r'"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "did not wait for the timeout");
    }

    @Test
    void skipsMetaFollowers() {
        String follower = cluster.addFollowerMeta();
        try (PegasusClient viaFollower = PegasusClient.open(follower + "," + cluster.metaAddress())) {
            PegasusTable t = viaFollower.openTable("r");
            t.set(b("f"), b("s"), b("v"));
            assertEquals("v", s(t.get(b("f"), b("s"))));
            assertEquals(List.of("r"), viaFollower.admin().listTables(false).stream().map(TableInfo::name).toList());
        }
    }

    @Test
    void failsOverToTheNextMetaWhenOneIsDown() {
        try (PegasusClient client2 = PegasusClient.open("127.0.0.1:1," + cluster.metaAddress())) {
            assertEquals(PARTITIONS, client2.openTable("r").partitionCount());
        }
    }
}
