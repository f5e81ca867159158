package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.app_status;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.testing.Ports;
import dev.pegasus.server.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader that has not yet noticed it was deposed still believes it may write; the store's
 * transactions must fail anyway once its latch node is gone, and leave the state as it was.
 */
class MetaStateStoreFenceTest {
    private static final String ROOT = "/pegasus/fence";

    @TempDir
    Path dir;
    private EmbeddedZooKeeper zookeeper;
    private CuratorFramework writer;
    private CuratorFramework leaderSession;

    @BeforeEach
    void start() throws Exception {
        zookeeper = new EmbeddedZooKeeper("127.0.0.1", Ports.free());
        zookeeper.start(dir);
        writer = connect();
        leaderSession = connect();
    }

    @AfterEach
    void stop() {
        writer.close();
        leaderSession.close();
        zookeeper.close();
    }

    private CuratorFramework connect() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.connectString(), new RetryOneTime(100));
        client.start();
        client.blockUntilConnected();
        return client;
    }

    @Test
    void aClusterWithoutStateLoadsEmpty() throws Exception {
        MetaStateStore.Snapshot snapshot = new MetaStateStore(writer, "/pegasus/never_written", () -> "/unused").load();
        assertEquals(1, snapshot.nextAppId());
        assertEquals(List.of(), snapshot.tables());
    }

    @Test
    void writesFailOnceTheLeaderLatchNodeIsGone() throws Exception {
        String latchNode = leaderSession.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(ROOT + "/meta_leader/latch-");
        // The session ends: ZooKeeper deletes the latch node, another meta may lead now.
        deposedLeaderWritesNothing(new MetaStateStore(writer, ROOT, () -> latchNode), leaderSession::close);
    }

    /** The simulation's tree keeps ZooKeeper's rules, so the same store code runs there. */
    @Test
    void theInMemoryTreeFencesWritesAlike() throws Exception {
        InMemoryStateTree tree = new InMemoryStateTree(ROOT);
        String latchNode = ROOT + "/latch-1";
        tree.createFence(latchNode);
        deposedLeaderWritesNothing(new MetaStateStore(tree, ROOT, () -> latchNode), () -> tree.removeFence(latchNode));
    }

    private static void deposedLeaderWritesNothing(MetaStateStore store, Write depose) throws Exception {
        store.load();
        StoredTable kept = table(1, "kept");
        Map<RpcAddress, Long> lives = Map.of(RpcAddress.parse("127.0.0.1:34801"), 1234L);
        store.create(kept, 2, List.of(lives));

        depose.run();

        assertDeposed(() -> store.create(table(2, "lost"), 3, List.of(Map.of())));
        assertDeposed(() -> store.updateInfo(kept.info().deepCopy().setStatus(app_status.AS_DROPPED)));
        assertDeposed(() -> store.updatePartition(kept.gpid(0), PartitionConfig.empty(), 1, Map.of()));
        assertDeposed(() -> store.remove(1));

        MetaStateStore.Snapshot snapshot = store.load();
        assertEquals(2, snapshot.nextAppId());
        assertEquals(List.of(kept), snapshot.tables());
        assertEquals(lives, snapshot.lives().get(kept.gpid(0)), "member lives are stored with the configuration");
    }

    private interface Write {
        void run() throws Exception;
    }

    private static void assertDeposed(Write write) {
        RpcException refused = assertThrows(RpcException.class, write::run);
        assertEquals(ErrorCode.ERR_FORWARD_TO_OTHERS, refused.code(), refused.getMessage());
    }

    private static StoredTable table(int appId, String name) {
        app_info info = new app_info().setStatus(app_status.AS_AVAILABLE).setApp_type("pegasus").setApp_name(name)
                .setApp_id(appId).setPartition_count(1).setIs_stateful(true).setMax_replica_count(1);
        return new StoredTable(info, List.of(new PartitionConfig(1, Optional.of(RpcAddress.parse("127.0.0.1:34801")),
                List.of(), List.of())));
    }
}
