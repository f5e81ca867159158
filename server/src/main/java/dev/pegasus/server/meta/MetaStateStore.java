package dev.pegasus.server.meta;

import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.partition_configuration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TJSONProtocol;

/**
 * The meta server's durable state in ZooKeeper, under {@code <root>}:
 * <pre>
 *   &lt;root&gt;/next_app_id              decimal counter; app ids are never reused
 *   &lt;root&gt;/apps/&lt;app_id&gt;             app_info (Thrift JSON)
 *   &lt;root&gt;/apps/&lt;app_id&gt;/&lt;index&gt;     partition_configuration (Thrift JSON)
 * </pre>
 * Every change is written here before the meta server acts on it or answers.
 */
final class MetaStateStore {
    private final CuratorFramework zk;
    private final String root;

    MetaStateStore(CuratorFramework zk, String root) {
        this.zk = zk;
        this.root = root;
    }

    record Snapshot(int nextAppId, List<StoredTable> tables) {}

    Snapshot load() throws Exception {
        zk.createContainers(appsPath());
        int nextAppId = 1;
        if (zk.checkExists().forPath(counterPath()) != null) {
            nextAppId = Integer.parseInt(new String(zk.getData().forPath(counterPath()), StandardCharsets.UTF_8));
        }
        List<StoredTable> tables = new ArrayList<>();
        for (String child : zk.getChildren().forPath(appsPath())) {
            app_info info = decode(zk.getData().forPath(appPath(Integer.parseInt(child))), new app_info());
            List<partition_configuration> partitions = new ArrayList<>();
            for (int index = 0; index < info.getPartition_count(); index++) {
                partitions.add(decode(zk.getData().forPath(partitionPath(info.getApp_id(), index)),
                        new partition_configuration()));
            }
            tables.add(new StoredTable(info, partitions));
        }
        tables.sort(Comparator.comparingInt(StoredTable::appId));
        return new Snapshot(nextAppId, tables);
    }

    /** Stores a new table and advances the app id counter in one transaction. */
    void create(StoredTable table, int nextAppId) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        byte[] counter = Integer.toString(nextAppId).getBytes(StandardCharsets.UTF_8);
        ops.add(zk.checkExists().forPath(counterPath()) == null
                ? zk.transactionOp().create().forPath(counterPath(), counter)
                : zk.transactionOp().setData().forPath(counterPath(), counter));
        ops.add(zk.transactionOp().create().forPath(appPath(table.appId()), encode(table.info())));
        for (partition_configuration partition : table.partitions()) {
            int index = dev.pegasus.protocol.Gpid.unpack(partition.getPid()).partitionIndex();
            ops.add(zk.transactionOp().create().forPath(partitionPath(table.appId(), index), encode(partition)));
        }
        zk.transaction().forOperations(ops);
    }

    void updateInfo(app_info info) throws Exception {
        zk.setData().forPath(appPath(info.getApp_id()), encode(info));
    }

    void updatePartition(int appId, int index, partition_configuration partition) throws Exception {
        zk.setData().forPath(partitionPath(appId, index), encode(partition));
    }

    void remove(int appId) throws Exception {
        zk.delete().deletingChildrenIfNeeded().forPath(appPath(appId));
    }

    private String appsPath() {
        return root + "/apps";
    }

    private String counterPath() {
        return root + "/next_app_id";
    }

    private String appPath(int appId) {
        return appsPath() + "/" + appId;
    }

    private String partitionPath(int appId, int index) {
        return appPath(appId) + "/" + index;
    }

    private static byte[] encode(TBase<?, ?> value) throws TException {
        return new TSerializer(new TJSONProtocol.Factory()).serialize(value);
    }

    private static <T extends TBase<?, ?>> T decode(byte[] bytes, T into) throws TException {
        new TDeserializer(new TJSONProtocol.Factory()).deserialize(into, bytes);
        return into;
    }
}
