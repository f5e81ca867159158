package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static dev.pegasus.client.TestSupport.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminTest {
    private FakeCluster cluster;
    private PegasusClient client;
    private PegasusAdmin admin;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        client = TestSupport.client(cluster, Duration.ofSeconds(2));
        admin = client.admin();
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void createTableWaitsForPrimariesThenTheTableIsUsable() {
        int queries = cluster.meta().queryConfigCalls();
        int appId = admin.createTable("created", 8, 3, Map.of("k", "v"));
        assertTrue(cluster.meta().queryConfigCalls() - queries >= 3, "polled until every partition had a primary");
        PegasusTable table = client.openTable("created");
        assertEquals(8, table.partitionCount());
        table.set(b("h"), b("s"), b("v"));
        assertEquals("v", s(table.get(b("h"), b("s"))));

        TableInfo info = admin.listTables(false).get(0);
        assertEquals(appId, info.appId());
        assertEquals("created", info.name());
        assertEquals("AVAILABLE", info.status());
        assertEquals(8, info.partitionCount());
        assertEquals(3, info.replicaCount());
        assertEquals(Map.of("k", "v"), info.envs());
        assertTrue(info.createTime().isAfter(Instant.now().minusSeconds(60)));
        assertTrue(info.dropTime().isEmpty());
    }

    @Test
    void createExistingTableReportsTheServerHint() {
        admin.createTable("dup", 4, 3, Map.of());
        PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_APP_EXIST,
                () -> admin.createTable("dup", 4, 3, Map.of()));
        assertTrue(e.getMessage().contains("table 'dup' already exists"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.createTable("odd", 3, 3, Map.of()));
    }

    @Test
    void dropListRecall() {
        int appId = admin.createTable("gone", 4, 3, Map.of());
        PegasusTable table = client.openTable("gone");
        table.set(b("h"), b("s"), b("kept"));
        admin.dropTable("gone", 3600);

        assertEquals(List.of(), admin.listTables(false));
        TableInfo dropped = admin.listTables(true).get(0);
        assertEquals("DROPPED", dropped.status());
        assertTrue(dropped.dropTime().isPresent());
        assertEquals(dropped.dropTime().get().plusSeconds(3600), dropped.expireTime().get());
        TestSupport.assertPegasusError(ErrorCode.ERR_OBJECT_NOT_FOUND, () -> client.openTable("gone"));
        TestSupport.assertPegasusError(ErrorCode.ERR_APP_NOT_EXIST, () -> admin.dropTable("gone", 0));

        TableInfo recalled = admin.recallTable(appId, "back");
        assertEquals("back", recalled.name());
        assertEquals("AVAILABLE", recalled.status());
        assertEquals("kept", s(client.openTable("back").get(b("h"), b("s"))));
    }

    @Test
    void nodesClusterInfoConfigAndEnvs() {
        List<NodeInfo> nodes = admin.listNodes();
        assertEquals(2, nodes.size());
        assertTrue(nodes.stream().allMatch(NodeInfo::alive));
        cluster.replica(1).close();
        assertEquals(1, admin.listNodes().stream().filter(n -> !n.alive()).count());

        assertEquals(cluster.metaAddress(), admin.clusterInfo().get("primary_meta_server"));

        admin.createTable("cfg", 2, 3, Map.of());
        TableConfiguration config = admin.queryConfig("cfg");
        assertEquals(2, config.partitionCount());
        assertEquals(List.of(0, 1), config.partitions().stream().map(PartitionConfiguration::index).toList());
        assertEquals(cluster.replica(0).address().toString(), config.partitions().get(0).primary());
        cluster.setPrimary("cfg", 1, null);
        assertEquals("-", admin.queryConfig("cfg").partitions().get(1).primary());
        TestSupport.assertPegasusError(ErrorCode.ERR_OBJECT_NOT_FOUND, () -> admin.queryConfig("missing"));

        admin.setAppEnv("cfg", "rocksdb.usage_scenario", "bulk_load");
        assertEquals(Map.of("rocksdb.usage_scenario", "bulk_load"), admin.listTables(false).get(0).envs());
        admin.delAppEnv("cfg", "rocksdb.usage_scenario");
        assertFalse(admin.listTables(false).get(0).envs().containsKey("rocksdb.usage_scenario"));
    }

    @Test
    void createTableTimesOutWhenPartitionsNeverGetAPrimary() {
        cluster.meta().newTablesReadyAfterQueries(Integer.MAX_VALUE);
        try (PegasusClient impatient = PegasusClient.open(ClientOptions.builder().metaServers(cluster.metaAddress())
                .ddlTimeout(Duration.ofMillis(300)).build())) {
            PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_TIMEOUT,
                    () -> impatient.admin().createTable("never", 2, 3, Map.of()));
            assertTrue(e.getMessage().contains("createTable 'never'") && e.getMessage().contains("not ready within 300 ms")
                    && e.getMessage().contains("0 of 2 partitions have a primary"), e.getMessage());
        }
    }
}
