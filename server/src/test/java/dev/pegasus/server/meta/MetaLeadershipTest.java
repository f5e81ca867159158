package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.TableInfo;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.*;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.MetaProbe;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two meta servers in this JVM: the follower redirects everything, and a deposed leader writes nothing. */
class MetaLeadershipTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private InProcessCluster cluster;
    private final MetaProbe probe = new MetaProbe();

    @AfterEach
    void stop() {
        probe.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    private int awaitLeader() {
        Await.until("a serving leader", WAIT, () -> probe.leader(cluster.metaAddresses()).isPresent());
        return cluster.metaAddresses().indexOf(probe.leader(cluster.metaAddresses()).orElseThrow());
    }

    private void assertRedirects(String meta, String what, Supplier<?> request) {
        RpcException refused = assertThrows(RpcException.class, request::get, what + " at " + meta);
        assertEquals(ErrorCode.ERR_FORWARD_TO_OTHERS, refused.code(), what + ": " + refused.getMessage());
    }

    /** As Apache Pegasus's clients expect it: in the response's err, which they read to follow the leader. */
    private void assertRedirectsInBody(String meta, String what, String err) {
        assertEquals(ErrorCode.ERR_FORWARD_TO_OTHERS.name(), err, what + " at " + meta);
    }

    private query_cfg_response routeQuery(String meta) {
        return probe.call(meta, RpcMethods.CM_QUERY_CONFIG,
                new query_cfg_request().setApp_name("t").setPartition_indices(new ArrayList<>()));
    }

    private void assertRedirectsEveryRequest(String meta) {
        assertRedirectsInBody(meta, "query_cfg", routeQuery(meta).getErr());
        assertRedirects(meta, "config_sync", () -> probe.call(meta, RpcMethods.CM_CONFIG_SYNC,
                new config_sync_request(RpcAddress.parse("127.0.0.1:1").pack(), new ArrayList<>(), 1)));
        assertRedirects(meta, "update_partition", () -> probe.call(meta, RpcMethods.CM_UPDATE_PARTITION,
                new update_partition_request(new Gpid(1, 0).pack(), RpcAddress.parse("127.0.0.1:1").pack(),
                        config_proposal_type.CP_REMOVE_SECONDARY, RpcAddress.parse("127.0.0.1:2").pack(), 1)));
        assertRedirectsInBody(meta, "list_apps", probe.call(meta, RpcMethods.CM_LIST_APPS,
                new configuration_list_apps_request()).getErr());
        assertRedirects(meta, "list_nodes", () -> probe.call(meta, RpcMethods.CM_LIST_NODES,
                new configuration_list_nodes_request()));
        assertRedirects(meta, "cluster_info", () -> probe.call(meta, RpcMethods.CM_CLUSTER_INFO,
                new configuration_cluster_info_request()));
        assertRedirectsInBody(meta, "create_app", probe.call(meta, RpcMethods.CM_CREATE_APP,
                new configuration_create_app_request().setApp_name("t").setOptions(
                        new create_app_options().setPartition_count(1).setReplica_count(1))).getErr());
        assertRedirectsInBody(meta, "drop_app", probe.call(meta, RpcMethods.CM_DROP_APP,
                new configuration_drop_app_request().setApp_name("t").setOptions(new drop_app_options())).getErr());
        assertRedirects(meta, "recall_app", () -> probe.call(meta, RpcMethods.CM_RECALL_APP,
                new configuration_recall_app_request().setApp_id(1)));
        assertRedirects(meta, "update_app_env", () -> probe.call(meta, RpcMethods.CM_UPDATE_APP_ENV,
                new configuration_update_app_env_request().setApp_name("t").setOp(app_env_operation.APP_ENV_OP_SET)
                        .setKeys(List.of("k")).setValues(List.of("v"))));
    }

    @Test
    void followerRedirectsEveryRequestAndClusterInfoNamesTheLeader() throws Exception {
        cluster = new InProcessCluster(dir, 2, 1);
        int leader = awaitLeader();
        String leaderAddress = cluster.metaAddresses().get(leader);
        String follower = cluster.metaAddresses().get(1 - leader);

        assertRedirectsEveryRequest(follower);
        assertEquals(RpcAddress.parse(leaderAddress).pack(), routeQuery(follower).getPartitions().get(0).getPrimary(),
                "a route query names the leader where Apache Pegasus's clients look for it");

        Await.until("both meta servers in the election", WAIT,
                () -> probe.clusterInfo(leaderAddress).get("meta_servers").split(",").length == 2);
        Map<String, String> info = probe.clusterInfo(leaderAddress);
        assertEquals(leaderAddress, info.get("primary_meta_server"));
        assertEquals(List.copyOf(cluster.metaAddresses()).stream().sorted().toList(),
                List.of(info.get("meta_servers").split(",")).stream().sorted().toList());
    }

    @Test
    void deposedLeaderIsRefusedAndItsSuccessorServesItsState() throws Exception {
        cluster = new InProcessCluster(dir, 2, 1);
        int first = awaitLeader();
        String deposed = cluster.metaAddresses().get(first);
        String successor = cluster.metaAddresses().get(1 - first);
        try (PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 1)) {
            client.admin().createTable("before", 2, 1, Map.of());
            client.openTable("before").set(utf8("h"), utf8("s"), utf8("v"));

            endZooKeeperSession(cluster.meta(first));

            Await.until("the other meta server to take over", WAIT,
                    () -> successor.equals(probe.leader(List.of(successor)).orElse(null)));
            assertRedirectsInBody(deposed, "create_app", probe.call(deposed, RpcMethods.CM_CREATE_APP,
                    new configuration_create_app_request().setApp_name("by_deposed").setOptions(
                            new create_app_options().setPartition_count(1).setReplica_count(1))).getErr());
            assertRedirectsEveryRequest(deposed);

            assertEquals(List.of("before"), client.admin().listTables(false).stream().map(TableInfo::name).toList());
            assertArrayEquals(utf8("v"), client.openTable("before").get(utf8("h"), utf8("s")));
            client.admin().createTable("after", 2, 1, Map.of());
            PegasusTable after = client.openTable("after");
            after.set(utf8("h"), utf8("s"), utf8("w"));
            assertArrayEquals(utf8("w"), after.get(utf8("h"), utf8("s")));
            assertTrue(client.admin().listNodes().stream().allMatch(node -> node.alive()));
        }
        Await.until("the deposed meta server to rejoin the election", WAIT,
                () -> probe.clusterInfo(successor).get("meta_servers").contains(deposed));
    }

    /**
     * Ends the meta server's ZooKeeper session on the server side, as an expiry would: a second client
     * attaches to the session and closes it, which deletes the session's latch node at once.
     */
    private void endZooKeeperSession(MetaServer meta) throws Exception {
        ZooKeeper own = meta.zookeeperClient().getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(cluster.zookeeperConnectString(), 5000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, own.getSessionId(), own.getSessionPasswd());
        try {
            assertTrue(connected.await(WAIT.toSeconds(), TimeUnit.SECONDS), "attached to the meta server's session");
        } finally {
            twin.close();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
