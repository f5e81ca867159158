package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.configuration_create_app_request;
import dev.pegasus.protocol.thrift.create_app_options;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import dev.pegasus.protocol.thrift.start_split_request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Route queries and config syncs (the beacons that renew leases) are answered while a change waits on
 * ZooKeeper: they read the state published after the last stored change and take no lock a writer
 * holds. A slow ZooKeeper write must never cost a replica server its lease.
 */
class ReadersDoNotWaitOnStoreTest {
    private static final String FENCE = "/pegasus/readers/meta_leader/latch-0";
    private static final List<RpcAddress> NODES = List.of(RpcAddress.parse("127.0.0.1:1001"),
            RpcAddress.parse("127.0.0.1:1002"), RpcAddress.parse("127.0.0.1:1003"));

    @Test
    void syncsAndRoutesAreAnsweredWhileASplitWaitsOnTheStore() throws Exception {
        MetaOptions options = MetaOptions.of("127.0.0.1", 0, "unused", "readers");
        InMemoryStateTree memory = new InMemoryStateTree(options.zookeeperRoot());
        memory.createFence(options.leaderLatchPath());
        memory.createFence(FENCE);
        StalledTree tree = new StalledTree(memory);
        MetaControlPlane plane = new MetaControlPlane(new MetaStateStore(tree, options.zookeeperRoot(), () -> FENCE),
                options, System::nanoTime, System::currentTimeMillis, FileStores::open, new ClientRemoteClusters());
        plane.takeOver();
        NODES.forEach(node -> plane.answerSync(sync(node)));
        assertEquals(ErrorCode.ERR_OK.name(), plane.createTable(new configuration_create_app_request("t",
                new create_app_options().setPartition_count(2).setReplica_count(3))).getErr());

        tree.stallNextCommit();
        CompletableFuture<String> split = CompletableFuture.supplyAsync(() -> {
            try {
                return plane.startSplit(new start_split_request("t")).getErr();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(tree.stalled.await(10, TimeUnit.SECONDS), "the split's write never reached the store");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            query_cfg_response route = plane.route(new query_cfg_request("t", new ArrayList<>()));
            assertEquals(2, route.getPartition_count(), "the route answers with the stored state, before the split");
            config_sync_response answer = plane.answerSync(sync(NODES.get(0)));
            assertEquals(2, answer.getAssignments().size(), "the sync answers with the node's roles");
            assertTrue(answer.getSplit_tasks().isEmpty(), "no split task before the split is stored");
        }, "a route query or config sync waited behind a write to the store");

        tree.release.countDown();
        assertEquals(ErrorCode.ERR_OK.name(), split.get(10, TimeUnit.SECONDS));
        assertEquals(4, plane.route(new query_cfg_request("t", new ArrayList<>())).getPartition_count(),
                "once stored, the split is published");
    }

    private static config_sync_request sync(RpcAddress node) {
        return new config_sync_request(node.pack(), new ArrayList<>(), 1);
    }

    /** A store whose next transaction waits until released, as a slow ZooKeeper would. */
    private static final class StalledTree implements StateTree {
        private final StateTree tree;
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean stallNext;

        StalledTree(StateTree tree) {
            this.tree = tree;
        }

        void stallNextCommit() {
            stallNext = true;
        }

        @Override
        public void sync() throws Exception {
            tree.sync();
        }

        @Override
        public boolean exists(String path) throws Exception {
            return tree.exists(path);
        }

        @Override
        public byte[] get(String path) throws Exception {
            return tree.get(path);
        }

        @Override
        public List<String> children(String path) throws Exception {
            return tree.children(path);
        }

        @Override
        public void commit(String fence, List<Op> ops) throws Exception {
            if (stallNext) {
                stallNext = false;
                stalled.countDown();
                release.await();
            }
            tree.commit(fence, ops);
        }
    }
}
