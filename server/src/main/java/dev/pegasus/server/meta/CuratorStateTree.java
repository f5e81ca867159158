package dev.pegasus.server.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

/**
 * The {@link StateTree} in ZooKeeper. A commit is one ZooKeeper transaction whose first operation
 * checks the fence node, so a writer whose session ended (and with it its ephemeral latch node) writes
 * nothing at all, however long it was paused.
 */
final class CuratorStateTree implements StateTree {
    private static final long SYNC_TIMEOUT_SECONDS = 30;

    private final CuratorFramework zk;
    private final String root;

    /** @param root the node {@link #sync} syncs on */
    CuratorStateTree(CuratorFramework zk, String root) {
        this.zk = zk;
        this.root = root;
    }

    /** This server's ZooKeeper server may lag behind the one another client wrote through. */
    @Override
    public void sync() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        zk.sync().inBackground((client, event) -> done.complete(event.getResultCode())).forPath(root);
        int code = done.get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (code != KeeperException.Code.OK.intValue()) {
            throw KeeperException.create(KeeperException.Code.get(code), root);
        }
    }

    @Override
    public boolean exists(String path) throws Exception {
        return zk.checkExists().forPath(path) != null;
    }

    @Override
    public byte[] get(String path) throws Exception {
        return zk.getData().forPath(path);
    }

    @Override
    public List<String> children(String path) throws Exception {
        return zk.getChildren().forPath(path);
    }

    @Override
    public void commit(String fence, List<Op> ops) throws Exception {
        List<CuratorOp> fenced = new ArrayList<>(ops.size() + 1);
        fenced.add(zk.transactionOp().check().forPath(fence));
        for (Op op : ops) {
            fenced.add(toCurator(op));
        }
        try {
            zk.transaction().forOperations(fenced);
        } catch (KeeperException e) {
            if (fenceFailed(e)) {
                throw new FenceLostException(fence, e);
            }
            throw e;
        }
    }

    private CuratorOp toCurator(Op op) throws Exception {
        if (op instanceof Create create) {
            return create.data() == null ? zk.transactionOp().create().forPath(create.path())
                    : zk.transactionOp().create().forPath(create.path(), create.data());
        }
        if (op instanceof SetData set) {
            return zk.transactionOp().setData().forPath(set.path(), set.data());
        }
        return zk.transactionOp().delete().forPath(op.path());
    }

    private static boolean fenceFailed(KeeperException e) {
        List<OpResult> results = e.getResults();
        return results != null && !results.isEmpty() && results.get(0) instanceof OpResult.ErrorResult error
                && error.getErr() != KeeperException.Code.OK.intValue();
    }
}
