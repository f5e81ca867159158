package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.CheckAndSetOptions;
import dev.pegasus.client.CheckType;
import dev.pegasus.client.FullKey;
import dev.pegasus.client.KeyValue;
import dev.pegasus.client.MultiGetResult;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.ScanOptions;
import dev.pegasus.client.SortKeyValue;
import dev.pegasus.client.TableInfo;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client operation through real meta and replica servers, real RocksDB and real ZooKeeper. */
class EndToEndTest {
    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static PegasusClient client;
    static PegasusTable table;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(dir, 2);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 2);
        client.admin().createTable("e2e", 4, 1, Map.of());
        table = client.openTable("e2e");
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void singleRecordOperations() {
        table.set(b("h1"), b("s1"), b("v1"));
        assertEquals("v1", s(table.get(b("h1"), b("s1"))));
        assertTrue(table.exist(b("h1"), b("s1")));
        assertEquals(-1, table.ttl(b("h1"), b("s1")));
        table.del(b("h1"), b("s1"));
        assertNull(table.get(b("h1"), b("s1")));
        assertFalse(table.exist(b("h1"), b("s1")));
        assertEquals(-2, table.ttl(b("h1"), b("s1")));
        table.set(new byte[0], b("only-sort-key"), b("v"));
        assertEquals("v", s(table.get(new byte[0], b("only-sort-key"))));
    }

    @Test
    void expiredRecordsAreInvisibleAtOnce() {
        table.set(b("ttl"), b("short"), b("v"), 1);
        int ttl = table.ttl(b("ttl"), b("short"));
        assertTrue(ttl == 0 || ttl == 1, "ttl " + ttl);
        Await.until("record expired", Duration.ofSeconds(5), () -> table.get(b("ttl"), b("short")) == null);
        assertFalse(table.exist(b("ttl"), b("short")));
    }

    @Test
    void hashKeyOperations() {
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(new SortKeyValue(b("s" + i), b("v" + i)));
        }
        table.multiSet(b("multi"), values, 0);
        assertEquals(10, table.sortKeyCount(b("multi")));
        MultiGetResult all = table.multiGet(b("multi"), List.of(), -1, -1);
        assertTrue(all.allFetched());
        assertEquals(10, all.values().size());
        MultiGetResult limited = table.multiGet(b("multi"), List.of(), 3, -1);
        assertFalse(limited.allFetched());
        assertEquals(List.of("s0", "s1", "s2"), limited.values().stream().map(kv -> s(kv.sortKey())).toList());
        MultiGetResult some = table.multiGet(b("multi"), List.of(b("s3"), b("nope")), -1, -1);
        assertEquals(1, some.values().size());
        assertEquals(2, table.multiDel(b("multi"), List.of(b("s0"), b("s1"))));
        assertEquals(8, table.sortKeyCount(b("multi")));

        PegasusScanner scanner = table.getScanner(b("multi"), b("s3"), b("s6"), ScanOptions.builder().batchSize(2).build());
        List<String> scanned = new ArrayList<>();
        KeyValue kv;
        while ((kv = scanner.next()) != null) {
            assertEquals("multi", s(kv.hashKey()));
            scanned.add(s(kv.sortKey()));
        }
        scanner.close();
        assertEquals(List.of("s3", "s4", "s5"), scanned);
    }

    @Test
    void atomicOperations() {
        assertEquals(5, table.incr(b("counter"), b("c"), 5, 0));
        assertEquals(3, table.incr(b("counter"), b("c"), -2, 0));
        table.set(b("counter"), b("text"), b("abc"));
        PegasusException notANumber = assertThrows(PegasusException.class,
                () -> table.incr(b("counter"), b("text"), 1, 0));
        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS, notANumber.code());

        var first = table.checkAndSet(b("cas"), b("k"), CheckType.VALUE_NOT_EXIST, new byte[0], b("k"), b("one"),
                new CheckAndSetOptions(0, false));
        assertTrue(first.setSucceed());
        var second = table.checkAndSet(b("cas"), b("k"), CheckType.VALUE_NOT_EXIST, new byte[0], b("k"), b("two"),
                new CheckAndSetOptions(0, true));
        assertFalse(second.setSucceed());
        assertEquals("one", s(second.checkValue()));
        assertEquals("one", s(table.get(b("cas"), b("k"))));
    }

    @Test
    void batchesAndFullScans() {
        List<FullKey> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            table.set(b("batch" + i), b("s"), b("v" + i));
            keys.add(new FullKey(b("batch" + i), b("s")));
        }
        keys.add(new FullKey(b("missing"), b("s")));
        List<byte[]> got = table.batchGet(keys);
        assertEquals("v7", s(got.get(7)));
        assertNull(got.get(50));

        long batchRecords = 0;
        for (PegasusScanner scanner : table.getUnorderedScanners(3, ScanOptions.builder().batchSize(7).build())) {
            KeyValue kv;
            while ((kv = scanner.next()) != null) {
                if (s(kv.hashKey()).startsWith("batch")) {
                    batchRecords++;
                }
            }
            scanner.close();
        }
        assertEquals(50, batchRecords);
    }

    @Test
    void dropAndRecall() {
        int appId = client.admin().createTable("to_drop", 2, 1, Map.of());
        PegasusTable doomed = client.openTable("to_drop");
        doomed.set(b("a"), b("b"), b("kept"));
        client.admin().dropTable("to_drop", 0);
        assertThrows(PegasusException.class, () -> client.openTable("to_drop"));
        assertTrue(client.admin().listTables(true).stream().anyMatch(t -> t.appId() == appId && t.status().contains("DROPPED")));
        TableInfo recalled = client.admin().recallTable(appId, "recalled");
        assertEquals("recalled", recalled.name());
        PegasusTable back = client.openTable("recalled");
        Await.until("recalled data readable", Duration.ofSeconds(10), () -> "kept".equals(s(back.get(b("a"), b("b")))));
    }

    @Test
    void defaultTtlComesFromTableEnvs() {
        client.admin().createTable("with_ttl", 2, 1, Map.of("default_ttl", "100"));
        PegasusTable withTtl = client.openTable("with_ttl");
        withTtl.set(b("a"), b("b"), b("c"));
        int ttl = withTtl.ttl(b("a"), b("b"));
        assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
    }

    @Test
    void createRefusesBadParameters() {
        IllegalArgumentException partitions = assertThrows(IllegalArgumentException.class,
                () -> client.admin().createTable("bad", 3, 1, Map.of()));
        assertTrue(partitions.getMessage().contains("power of two"), partitions.getMessage());
        PegasusException envs = assertThrows(PegasusException.class,
                () -> client.admin().createTable("bad", 4, 1, Map.of("default_ttl", "soon")));
        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS, envs.code());
        assertTrue(envs.getMessage().contains("default_ttl"), envs.getMessage());
        PegasusException durability = assertThrows(PegasusException.class,
                () -> client.admin().createTable("bad", 4, 1, Map.of("replica.durability", "fast")));
        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS, durability.code());
        assertTrue(durability.getMessage().contains("replica.durability"), durability.getMessage());
        PegasusException exists = assertThrows(PegasusException.class,
                () -> client.admin().createTable("e2e", 4, 1, Map.of()));
        assertEquals(ErrorCode.ERR_APP_EXIST, exists.code());
    }

    @Test
    void binaryKeysRoundTrip() {
        byte[] hashKey = {0, (byte) 0xFF, 1};
        byte[] sortKey = {(byte) 0x80, 0};
        byte[] value = {0, 0, 0};
        table.set(hashKey, sortKey, value);
        assertArrayEquals(value, table.get(hashKey, sortKey));
    }
}
