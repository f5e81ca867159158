package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static dev.pegasus.client.TestSupport.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.client.fake.FakeReplica;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.rpc.RpcMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScannerTest {
    private static final byte[] HK = b("scan-hk");

    private FakeCluster cluster;
    private PegasusClient client;
    private PegasusTable table;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        cluster.createTable("sc", 4);
        client = TestSupport.client(cluster, Duration.ofSeconds(3));
        table = client.openTable("sc");
        List<SortKeyValue> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(new SortKeyValue(b("k" + i), b("v" + i)));
        }
        table.multiSet(HK, values, 0);
        table.set(b("scan-hj"), b("k0"), b("other hash key"));
        table.set(b("scan-hl"), b("k0"), b("other hash key"));
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    private FakeReplica replicaOf(byte[] hashKey) {
        return cluster.replica(PartitionHash.partitionIndex(PartitionHash.of(hashKey, new byte[0]), 4) % 2);
    }

    private static List<String> drain(PegasusScanner scanner) {
        List<String> sortKeys = new ArrayList<>();
        for (KeyValue kv = scanner.next(); kv != null; kv = scanner.next()) {
            sortKeys.add(s(kv.sortKey()));
        }
        return sortKeys;
    }

    @Test
    void scansOneHashKeyAcrossBatches() {
        ScanOptions options = ScanOptions.builder().batchSize(3).build();
        try (PegasusScanner scanner = table.getScanner(HK, null, null, options)) {
            KeyValue first = scanner.next();
            assertEquals("scan-hk", s(first.hashKey()));
            assertEquals("k0", s(first.sortKey()));
            assertEquals("v0", s(first.value()));
            List<String> rest = drain(scanner);
            assertEquals(List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"), rest);
            assertNull(scanner.next(), "stays at the end");
        }
        FakeReplica replica = replicaOf(HK);
        assertEquals(1, replica.calls(RpcMethods.RRDB_GET_SCANNER));
        assertEquals(3, replica.calls(RpcMethods.RRDB_SCAN));
    }

    @Test
    void honoursRangeBoundsAndFilters() {
        ScanOptions inclusive = ScanOptions.builder().startInclusive(false).stopInclusive(true).build();
        try (PegasusScanner scanner = table.getScanner(HK, b("k2"), b("k5"), inclusive)) {
            assertEquals(List.of("k3", "k4", "k5"), drain(scanner));
        }
        ScanOptions prefix = ScanOptions.builder().sortKeyFilter(FilterType.MATCH_PREFIX, b("k7")).build();
        try (PegasusScanner scanner = table.getScanner(HK, null, null, prefix)) {
            assertEquals(List.of("k7"), drain(scanner));
        }
        try (PegasusScanner scanner = table.getScanner(HK, b("k5"), b("k5"), null)) {
            assertEquals(List.of(), drain(scanner), "empty range");
        }
        ScanOptions noValue = ScanOptions.builder().noValue(true).build();
        try (PegasusScanner scanner = table.getScanner(HK, b("k9"), null, noValue)) {
            KeyValue kv = scanner.next();
            assertEquals("k9", s(kv.sortKey()));
            assertEquals(0, kv.value().length);
        }
    }

    @Test
    void reopensAfterTheLastKeyWhenTheContextIsLost() {
        for (ErrorCode how : List.of(ErrorCode.ERR_OK, ErrorCode.ERR_OBJECT_NOT_FOUND, ErrorCode.ERR_INVALID_STATE)) {
            FakeReplica replica = replicaOf(HK);
            int opened = replica.calls(RpcMethods.RRDB_GET_SCANNER);
            try (PegasusScanner scanner = table.getScanner(HK, null, null, ScanOptions.builder().batchSize(4).build())) {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    seen.add(s(scanner.next().sortKey()));
                }
                replica.loseScanContexts(how);
                seen.addAll(drain(scanner));
                assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"), seen,
                        "no record lost or repeated when the context was lost with " + how);
            }
            assertEquals(opened + 2, replica.calls(RpcMethods.RRDB_GET_SCANNER), "re-opened once after " + how);
            replica.loseScanContexts(ErrorCode.ERR_OK);
        }
    }

    @Test
    void followsThePartitionToANewPrimaryMidScan() {
        FakeReplica old = replicaOf(HK);
        int partition = PartitionHash.partitionIndex(PartitionHash.of(HK, new byte[0]), 4);
        try (PegasusScanner scanner = table.getScanner(HK, null, null, ScanOptions.builder().batchSize(3).build())) {
            List<String> seen = new ArrayList<>(List.of(s(scanner.next().sortKey())));
            cluster.setPrimary("sc", partition, cluster.replica(1 - partition % 2));
            seen.addAll(drain(scanner));
            assertEquals(10, seen.size());
            assertEquals(10, new HashSet<>(seen).size());
        }
        assertTrue(old.calls(RpcMethods.RRDB_SCAN) >= 1);
    }

    @Test
    void closeClearsTheServerContext() {
        FakeReplica replica = replicaOf(HK);
        PegasusScanner scanner = table.getScanner(HK, null, null, ScanOptions.builder().batchSize(2).build());
        scanner.next();
        assertEquals(1, replica.openScanContexts());
        scanner.close();
        TestSupport.waitUntil("clear_scanner to arrive", Duration.ofSeconds(2),
                () -> replica.calls(RpcMethods.RRDB_CLEAR_SCANNER) == 1 && replica.openScanContexts() == 0);
        assertNull(scanner.next());
    }

    @Test
    void unorderedScannersSplitPartitionsAndCoverTheTable() {
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            table.set(b("u" + i), b("s"), b("v"));
            written.add("u" + i);
        }
        written.add("scan-hj");
        written.add("scan-hl");
        List<PegasusScanner> scanners = table.getUnorderedScanners(3, ScanOptions.builder().batchSize(4).build());
        assertEquals(3, scanners.size());
        Set<String> seenHashKeys = new HashSet<>();
        int records = 0;
        for (PegasusScanner scanner : scanners) {
            try (scanner) {
                for (KeyValue kv = scanner.next(); kv != null; kv = scanner.next()) {
                    seenHashKeys.add(s(kv.hashKey()));
                    records++;
                }
            }
        }
        written.add("scan-hk");
        assertEquals(written, seenHashKeys);
        assertEquals(30 + 2 + 10, records, "every record exactly once");
        int getScanners = cluster.replica(0).calls(RpcMethods.RRDB_GET_SCANNER)
                + cluster.replica(1).calls(RpcMethods.RRDB_GET_SCANNER);
        assertEquals(4, getScanners, "one get_scanner per partition");
        assertEquals(4, table.getUnorderedScanners(10, null).size(), "never more scanners than partitions");
    }

    @Test
    void asyncNextServesConcurrentCallsInOrder() throws Exception {
        try (PegasusScanner scanner = table.getScanner(HK, null, null, ScanOptions.builder().batchSize(3).build())) {
            List<CompletableFuture<KeyValue>> nexts = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                nexts.add(scanner.asyncNext());
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("k" + i, s(nexts.get(i).get().sortKey()));
            }
            assertNull(nexts.get(10).get());
        }
    }

    @Test
    void scanTimesOutWhenTheServerHangs() {
        replicaOf(HK).hang(RpcMethods.RRDB_SCAN);
        ScanOptions options = ScanOptions.builder().batchSize(2).timeout(Duration.ofMillis(300)).build();
        try (PegasusScanner scanner = table.getScanner(HK, null, null, options)) {
            scanner.next();
            scanner.next();
            TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT, scanner::next);
        }
    }
}
