package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static dev.pegasus.client.TestSupport.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.client.fake.FakeReplica;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.rpc.RpcMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operations end to end against two fake replica servers serving a 4-partition table. */
class KvOperationsTest {
    private static FakeCluster cluster;
    private static PegasusClient client;
    private static PegasusTable table;

    @BeforeAll
    static void start() {
        cluster = FakeCluster.start(2);
        cluster.createTable("kv", 4);
        client = TestSupport.client(cluster, Duration.ofSeconds(2));
        table = client.openTable("kv");
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void opensTableWithItsPartitionCount() {
        assertEquals("kv", table.name());
        assertEquals(4, table.partitionCount());
    }

    @Test
    void sendsEachKeyToThePrimaryOfItsPartitionWithGpidAndHash() {
        int appId = cluster.table("kv").appId();
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            table.set(b("route" + i), b("s"), b("v" + i));
            hashes.add(PartitionHash.of(b("route" + i), b("s")));
        }
        int checked = 0;
        for (int r = 0; r < 2; r++) {
            FakeReplica replica = cluster.replica(r);
            for (FakeReplica.Received request : replica.received()) {
                if (!request.code().equals(RpcMethods.RRDB_PUT.code()) || !hashes.contains(request.partitionHash())) {
                    continue;
                }
                assertEquals(appId, request.gpid().appId());
                int partition = request.gpid().partitionIndex();
                assertEquals(partition, PartitionHash.partitionIndex(request.partitionHash(), 4));
                assertEquals(r, partition % 2, "partition " + partition + " is served by replica " + partition % 2);
                checked++;
            }
        }
        assertEquals(40, checked);
        for (int i = 0; i < 40; i++) {
            assertEquals("v" + i, s(table.get(b("route" + i), b("s"))));
        }
    }

    @Test
    void setGetDelExistTtl() {
        table.set(b("h1"), b("a"), b("va"));
        assertEquals("va", s(table.get(b("h1"), b("a"))));
        assertTrue(table.exist(b("h1"), b("a")));
        assertEquals(PegasusTable.TTL_NONE, table.ttl(b("h1"), b("a")));

        table.set(b("h1"), b("t"), b("vt"), 100);
        int ttl = table.ttl(b("h1"), b("t"));
        assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
        int expireTs = cluster.table("kv").record(KeySchema.encode(b("h1"), b("t"))).expireTs();
        int now = ValueSchema.epochSeconds(System.currentTimeMillis() / 1000);
        assertTrue(Math.abs(expireTs - (now + 100)) <= 2, "expire_ts counts seconds since 2016: " + expireTs);

        table.del(b("h1"), b("a"));
        assertNull(table.get(b("h1"), b("a")));
        assertFalse(table.exist(b("h1"), b("a")));
        assertEquals(PegasusTable.TTL_NOT_FOUND, table.ttl(b("h1"), b("a")));
    }

    @Test
    void emptyHashKeyIsAllowedForSingleRecords() {
        table.set(new byte[0], b("only-sort"), b("v"));
        assertEquals("v", s(table.get(new byte[0], b("only-sort"))));
    }

    @Test
    void multiSetMultiGetAndSortKeyCount() {
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(new SortKeyValue(b("k" + i), b("v" + i)));
        }
        table.multiSet(b("mh"), values, 0);
        assertEquals(10, table.sortKeyCount(b("mh")));

        MultiGetResult all = table.multiGet(b("mh"), List.of(), 0, 0);
        assertTrue(all.allFetched());
        assertEquals(values, all.values());

        MultiGetResult some = table.multiGet(b("mh"), List.of(b("k3"), b("k7"), b("absent")), 0, 0);
        assertEquals(List.of(new SortKeyValue(b("k3"), b("v3")), new SortKeyValue(b("k7"), b("v7"))), some.values());
    }

    @Test
    void multiGetReportsWhetherALimitCutTheResultShort() {
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(new SortKeyValue(b("p" + i), b("v" + i)));
        }
        table.multiSet(b("page"), values, 0);

        MultiGetResult first = table.multiGet(b("page"), List.of(), 2, 0);
        assertFalse(first.allFetched());
        assertEquals(values.subList(0, 2), first.values());

        MultiGetResult rest = table.multiGet(b("page"), b("p1"), new byte[0],
                MultiGetOptions.builder().startInclusive(false).build(), 10, 0);
        assertTrue(rest.allFetched());
        assertEquals(values.subList(2, 5), rest.values());

        MultiGetResult lastTwo = table.multiGet(b("page"), null, null,
                MultiGetOptions.builder().reverse(true).build(), 2, 0);
        assertFalse(lastTwo.allFetched());
        assertEquals(List.of(values.get(4), values.get(3)), lastTwo.values());

        MultiGetResult bySize = table.multiGet(b("page"), List.of(), 0, 1);
        assertFalse(bySize.allFetched());
        assertEquals(1, bySize.values().size());

        MultiGetResult keysOnly = table.multiGet(b("page"), b("p1"), b("p3"),
                MultiGetOptions.builder().stopInclusive(true).noValue(true).build(), 0, 0);
        assertEquals(List.of(new SortKeyValue(b("p1"), new byte[0]), new SortKeyValue(b("p2"), new byte[0]),
                new SortKeyValue(b("p3"), new byte[0])), keysOnly.values());
    }

    @Test
    void multiDelSomeThenAll() {
        table.multiSet(b("md"), List.of(new SortKeyValue(b("a"), b("1")), new SortKeyValue(b("b"), b("2")),
                new SortKeyValue(b("c"), b("3"))), 0);
        assertEquals(1, table.multiDel(b("md"), List.of(b("a"))));
        assertEquals(2, table.multiDel(b("md"), List.of()));
        assertEquals(0, table.sortKeyCount(b("md")));
    }

    @Test
    void incrCountsAndRejectsNonNumbers() {
        assertEquals(5, table.incr(b("counter"), b("c"), 5, 0));
        assertEquals(3, table.incr(b("counter"), b("c"), -2));
        table.set(b("counter"), b("text"), b("abc"));
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_INVALID_PARAMETERS,
                () -> table.incr(b("counter"), b("text"), 1));
        assertTrue(e.getMessage().contains("incr") && e.getMessage().contains("'kv'")
                && e.getMessage().contains("InvalidArgument"), e.getMessage());
    }

    @Test
    void checkAndSetReportsFailedChecksAsResults() {
        CheckAndSetResult first = table.checkAndSet(b("cas"), b("lock"), CheckType.VALUE_NOT_EXIST, null,
                b("lock"), b("owner1"), new CheckAndSetOptions(0, true));
        assertTrue(first.setSucceed());
        assertTrue(first.checkValueReturned());
        assertFalse(first.checkValueExist());

        CheckAndSetResult second = table.checkAndSet(b("cas"), b("lock"), CheckType.VALUE_NOT_EXIST, null,
                b("lock"), b("owner2"), new CheckAndSetOptions(0, true));
        assertFalse(second.setSucceed());
        assertTrue(second.checkValueExist());
        assertEquals("owner1", s(second.checkValue()));

        CheckAndSetResult other = table.checkAndSet(b("cas"), b("lock"), CheckType.VALUE_BYTES_EQUAL, b("owner1"),
                b("data"), b("written"), null);
        assertTrue(other.setSucceed());
        assertFalse(other.checkValueReturned());
        assertEquals("written", s(table.get(b("cas"), b("data"))));
    }

    @Test
    void checkAndMutateAppliesAllOrNothing() {
        Mutations mutations = Mutations.builder().set(b("x"), b("1")).set(b("y"), b("2"), 60).del(b("z")).build();
        table.set(b("cam"), b("z"), b("old"));
        CheckAndMutateResult passed = table.checkAndMutate(b("cam"), b("guard"), CheckType.VALUE_NOT_EXIST, null,
                mutations, CheckAndMutateOptions.defaults());
        assertTrue(passed.mutateSucceed());
        assertEquals("1", s(table.get(b("cam"), b("x"))));
        assertNull(table.get(b("cam"), b("z")));

        CheckAndMutateResult failed = table.checkAndMutate(b("cam"), b("x"), CheckType.VALUE_NOT_EXIST, null,
                Mutations.builder().set(b("w"), b("9")).build(), new CheckAndMutateOptions(true));
        assertFalse(failed.mutateSucceed());
        assertEquals("1", s(failed.checkValue()));
        assertNull(table.get(b("cam"), b("w")));
    }

    @Test
    void batchGetGroupsPerPartitionAndKeepsOrder() {
        List<FullKeyValue> items = new ArrayList<>();
        List<FullKey> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(new FullKeyValue(b("bh" + i), b("s"), b("bv" + i)));
            keys.add(new FullKey(b("bh" + i), b("s")));
        }
        table.batchSet(items, 0);
        keys.add(3, new FullKey(b("missing"), b("s")));
        keys.add(new FullKey(b("bh0"), b("s")));

        int before = cluster.replica(0).calls(RpcMethods.RRDB_BATCH_GET) + cluster.replica(1).calls(RpcMethods.RRDB_BATCH_GET);
        List<byte[]> values = table.batchGet(keys);
        int after = cluster.replica(0).calls(RpcMethods.RRDB_BATCH_GET) + cluster.replica(1).calls(RpcMethods.RRDB_BATCH_GET);

        assertEquals(keys.size(), values.size());
        assertNull(values.get(3));
        assertEquals("bv0", s(values.get(0)));
        assertEquals("bv3", s(values.get(4)));
        assertEquals("bv0", s(values.get(values.size() - 1)));
        Set<Integer> partitions = new HashSet<>();
        keys.forEach(k -> partitions.add(PartitionHash.partitionIndex(PartitionHash.of(k.hashKey(), k.sortKey()), 4)));
        assertEquals(partitions.size(), after - before, "one batch_get per partition");

        table.batchDel(keys.subList(0, 5));
        assertNull(table.get(b("bh0"), b("s")));
        assertEquals("bv5", s(table.get(b("bh5"), b("s"))));
        assertEquals(List.of(), table.batchGet(List.of()));
    }

    @Test
    void asyncOperationsCompleteOffTheIoThreads() throws Exception {
        CompletableFuture<Void> set = table.asyncSet(b("async"), b("s"), b("v"), 0);
        set.get();
        String thread = table.asyncGet(b("async"), b("s"))
                .thenApply(value -> Thread.currentThread().getName()).get();
        assertFalse(thread.startsWith("pegasus-client-io"), "callbacks never run on network threads: " + thread);
        assertArrayEquals(b("v"), table.asyncGet(b("async"), b("s")).get());

        // A callback may even block on a synchronous call of the same client.
        String chained = table.asyncGet(b("async"), b("s"))
                .thenApply(value -> s(table.get(b("async"), b("s")))).get();
        assertEquals("v", chained);

        table.asyncMultiSet(b("async-m"), List.of(new SortKeyValue(b("a"), b("1"))), 0).get();
        assertEquals(1, table.asyncMultiGet(b("async-m"), List.of(), 0, 0).get().values().size());
        assertEquals(1, table.asyncSortKeyCount(b("async-m")).get());
        assertEquals(7, table.asyncIncr(b("async-m"), b("n"), 7, 0).get());
        assertTrue(table.asyncExist(b("async-m"), b("n")).get());
        assertEquals(PegasusTable.TTL_NONE, table.asyncTtl(b("async-m"), b("n")).get());
        assertTrue(table.asyncCheckAndSet(b("async-m"), b("c"), CheckType.NO_CHECK, null, b("c"), b("x"), null)
                .get().setSucceed());
        assertEquals(2, table.asyncMultiDel(b("async-m"), List.of(b("a"), b("c"))).get());
        table.asyncDel(b("async"), b("s")).get();
        assertNull(table.asyncGet(b("async"), b("s")).get());

        table.set(b("counter2"), b("text"), b("abc"));
        Throwable failure = TestSupport.asyncFailure(table.asyncIncr(b("counter2"), b("text"), 1, 0));
        assertInstanceOf(PegasusException.class, failure);
        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS, ((PegasusException) failure).code());
    }
}
