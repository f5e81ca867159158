package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.backup_policy;
import dev.pegasus.protocol.thrift.backup_state;
import dev.pegasus.protocol.thrift.balance_settings;
import dev.pegasus.protocol.thrift.bulk_load_state;
import dev.pegasus.protocol.thrift.duplication_state;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.split_state;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
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
 *   &lt;root&gt;/apps/&lt;app_id&gt;/&lt;index&gt;     partition_configuration (Thrift JSON): ballot, primary,
 *                                       secondaries, last drops, and the members' lives ({@link MemberLives})
 *   &lt;root&gt;/backups/&lt;backup_id&gt;       backup_state (Thrift JSON)
 *   &lt;root&gt;/backup_policies/&lt;name&gt;   backup_policy (Thrift JSON)
 *   &lt;root&gt;/bulk_loads/&lt;load_id&gt;      bulk_load_state (Thrift JSON)
 *   &lt;root&gt;/duplications/&lt;dupid&gt;     duplication_state (Thrift JSON), with each partition's confirmed decree
 * </pre>
 * Every change is written here before the meta server acts on it or answers.
 *
 * <p><b>Only the leader writes, and a deposed leader cannot.</b> Every write is one ZooKeeper
 * transaction whose first operation checks that the leader's latch node ({@link LeaderFence#leaderNode()})
 * still exists. That node is ephemeral, owned by the leader's ZooKeeper session, and latch sequence
 * numbers only grow, so it exists exactly as long as its owner is the leader: once the session expires
 * (and only then can another meta server take over) the transaction fails as a whole and nothing is
 * written. The alternatives fall short: asking {@code LeaderLatch.hasLeadership()} before writing is
 * check-then-act, and a leader paused between the two (a GC pause longer than the session timeout)
 * would still write over its successor; expected versions on {@code setData} only catch a stale write
 * to a node the successor has already changed, not the first write after a take-over nor a create. The
 * local check is still made first, so a server that knows it is not the leader does not even try.
 */
final class MetaStateStore {
    private final StateTree tree;
    private final String root;
    private final LeaderFence fence;

    MetaStateStore(StateTree tree, String root, LeaderFence fence) {
        this.tree = tree;
        this.root = root;
        this.fence = fence;
    }

    /** The state in ZooKeeper under {@code root}. */
    MetaStateStore(CuratorFramework zk, String root, LeaderFence fence) {
        this(new CuratorStateTree(zk, root), root, fence);
    }

    /** @param lives each partition's members' lives, as stored with its configuration */
    record Snapshot(int nextAppId, List<StoredTable> tables, Map<Gpid, Map<RpcAddress, Long>> lives) {}

    /**
     * Reads the whole state. Syncs with the ZooKeeper leader first: this server's ZooKeeper server may
     * lag behind the one a previous meta leader wrote through, and a new leader must see every write.
     */
    Snapshot load() throws Exception {
        sync();
        int nextAppId = 1;
        if (tree.exists(counterPath())) {
            nextAppId = Integer.parseInt(new String(tree.get(counterPath()), StandardCharsets.UTF_8));
        }
        List<StoredTable> tables = new ArrayList<>();
        Map<Gpid, Map<RpcAddress, Long>> lives = new HashMap<>();
        List<String> children = tree.exists(appsPath()) ? tree.children(appsPath()) : List.of();
        for (String child : children) {
            app_info info = decode(tree.get(appPath(Integer.parseInt(child))), new app_info());
            List<PartitionConfig> partitions = new ArrayList<>();
            for (int index = 0; index < info.getPartition_count(); index++) {
                partition_configuration stored = decode(tree.get(partitionPath(info.getApp_id(), index)),
                        new partition_configuration());
                partitions.add(PartitionConfigCodec.fromThrift(stored));
                lives.put(new Gpid(info.getApp_id(), index), livesOf(stored));
            }
            tables.add(new StoredTable(info, partitions));
        }
        tables.sort(Comparator.comparingInt(StoredTable::appId));
        return new Snapshot(nextAppId, tables, lives);
    }

    private static Map<RpcAddress, Long> livesOf(partition_configuration stored) {
        Map<RpcAddress, Long> lives = new HashMap<>();
        if (stored.isSetMember_lives()) {
            stored.getMember_lives().forEach((node, life) -> lives.put(RpcAddress.unpack(node), life));
        }
        return lives;
    }

    private void sync() throws Exception {
        tree.sync();
    }

    /**
     * Stores a new table and advances the app id counter in one transaction, which also creates the
     * apps node the first time (a plain node: a container would vanish with the last table).
     */
    void create(StoredTable table, int nextAppId, List<Map<RpcAddress, Long>> lives) throws Exception {
        List<StateTree.Op> ops = new ArrayList<>();
        if (!tree.exists(appsPath())) {
            ops.add(new StateTree.Create(appsPath(), null));
        }
        byte[] counter = Integer.toString(nextAppId).getBytes(StandardCharsets.UTF_8);
        ops.add(!tree.exists(counterPath())
                ? new StateTree.Create(counterPath(), counter)
                : new StateTree.SetData(counterPath(), counter));
        ops.add(new StateTree.Create(appPath(table.appId()), encode(table.info())));
        for (int index = 0; index < table.partitions().size(); index++) {
            ops.add(new StateTree.Create(partitionPath(table.appId(), index),
                    encode(table.gpid(index), table.partitions().get(index), table.replicaCount(), lives.get(index))));
        }
        commit(ops);
    }

    void updateInfo(app_info info) throws Exception {
        commit(List.of(new StateTree.SetData(appPath(info.getApp_id()), encode(info))));
    }

    void updatePartition(Gpid gpid, PartitionConfig config, int replicaCount, Map<RpcAddress, Long> lives)
            throws Exception {
        commit(List.of(new StateTree.SetData(partitionPath(gpid.appId(), gpid.partitionIndex()),
                encode(gpid, config, replicaCount, lives))));
    }

    // ---- partition splits: the table's description, its partitions and the split's state change together ----

    List<split_state> loadSplits() throws Exception {
        return loadChildren(splitsPath(), split_state::new);
    }

    /** The table at twice its partition count, the children unregistered (empty configurations). */
    void startSplit(app_info info, List<PartitionConfig> children, split_state state) throws Exception {
        int appId = info.getApp_id();
        List<StateTree.Op> ops = new ArrayList<>();
        ops.add(new StateTree.SetData(appPath(appId), encode(info)));
        for (int i = 0; i < children.size(); i++) {
            Gpid child = new Gpid(appId, state.getOld_partition_count() + i);
            ops.add(new StateTree.Create(partitionPath(appId, child.partitionIndex()),
                    encode(child, children.get(i), info.getMax_replica_count(), Map.of())));
        }
        if (!tree.exists(splitsPath())) {
            ops.add(new StateTree.Create(splitsPath(), null));
        }
        ops.add(new StateTree.Create(splitPath(appId), encode(state)));
        commit(ops);
    }

    void registerChild(Gpid child, PartitionConfig config, int replicaCount, Map<RpcAddress, Long> lives,
            split_state state) throws Exception {
        commit(List.of(
                new StateTree.SetData(partitionPath(child.appId(), child.partitionIndex()),
                        encode(child, config, replicaCount, lives)),
                new StateTree.SetData(splitPath(child.appId()), encode(state))));
    }

    void saveSplit(split_state state) throws Exception {
        commit(List.of(new StateTree.SetData(splitPath(state.getApp_id()), encode(state))));
    }

    /** The split is over: the table's description without the split flag, and no split state. */
    void endSplit(app_info info) throws Exception {
        commit(List.of(new StateTree.SetData(appPath(info.getApp_id()), encode(info)),
                new StateTree.Delete(splitPath(info.getApp_id()))));
    }

    /** A canceled split: the table back at {@code info}'s partition count, the children's nodes deleted. */
    void cancelSplit(app_info info, int childrenFrom, int childrenTo) throws Exception {
        List<StateTree.Op> ops = new ArrayList<>();
        ops.add(new StateTree.SetData(appPath(info.getApp_id()), encode(info)));
        for (int index = childrenFrom; index < childrenTo; index++) {
            ops.add(new StateTree.Delete(partitionPath(info.getApp_id(), index)));
        }
        ops.add(new StateTree.Delete(splitPath(info.getApp_id())));
        commit(ops);
    }

    void remove(int appId) throws Exception {
        List<StateTree.Op> ops = new ArrayList<>();
        for (String child : tree.children(appPath(appId))) {
            ops.add(new StateTree.Delete(appPath(appId) + "/" + child));
        }
        ops.add(new StateTree.Delete(appPath(appId)));
        commit(ops);
    }

    List<backup_state> loadBackups() throws Exception {
        return loadChildren(backupsPath(), backup_state::new);
    }

    void saveBackup(backup_state backup) throws Exception {
        save(backupsPath(), backup.getBackup_id(), encode(backup));
    }

    void removeBackup(String backupId) throws Exception {
        commit(List.of(new StateTree.Delete(backupsPath() + "/" + backupId)));
    }

    List<bulk_load_state> loadBulkLoads() throws Exception {
        return loadChildren(bulkLoadsPath(), bulk_load_state::new);
    }

    void saveBulkLoad(bulk_load_state load) throws Exception {
        save(bulkLoadsPath(), load.getLoad_id(), encode(load));
    }

    List<duplication_state> loadDuplications() throws Exception {
        return loadChildren(duplicationsPath(), duplication_state::new);
    }

    void saveDuplication(duplication_state duplication) throws Exception {
        save(duplicationsPath(), Integer.toString(duplication.getDupid()), encode(duplication));
    }

    void removeDuplication(int dupid) throws Exception {
        commit(List.of(new StateTree.Delete(duplicationsPath() + "/" + dupid)));
    }

    List<backup_policy> loadPolicies() throws Exception {
        return loadChildren(policiesPath(), backup_policy::new);
    }

    void savePolicy(backup_policy policy) throws Exception {
        save(policiesPath(), policy.getName(), encode(policy));
    }

    void removePolicy(String name) throws Exception {
        commit(List.of(new StateTree.Delete(policiesPath() + "/" + name)));
    }

    /** The balancer's level and the drained nodes; the defaults while none were stored. */
    balance_settings loadBalanceSettings() throws Exception {
        return loadChildren(balancerPath(), balance_settings::new).stream().findFirst()
                .orElseGet(() -> new balance_settings().setDraining(new ArrayList<>()));
    }

    void saveBalanceSettings(balance_settings settings) throws Exception {
        save(balancerPath(), "settings", encode(settings));
    }

    private <T extends TBase<?, ?>> List<T> loadChildren(String parent, Supplier<T> factory) throws Exception {
        sync();
        List<T> loaded = new ArrayList<>();
        if (tree.exists(parent)) {
            for (String child : tree.children(parent)) {
                loaded.add(decode(tree.get(parent + "/" + child), factory.get()));
            }
        }
        return loaded;
    }

    /** Creates or replaces {@code parent/name}, creating the parent (a plain node) the first time. */
    private void save(String parent, String name, byte[] data) throws Exception {
        List<StateTree.Op> ops = new ArrayList<>();
        if (!tree.exists(parent)) {
            ops.add(new StateTree.Create(parent, null));
        }
        String path = parent + "/" + name;
        ops.add(!tree.exists(path) ? new StateTree.Create(path, data)
                : new StateTree.SetData(path, data));
        commit(ops);
    }

    /** Applies the operations atomically, and only while this server's leader latch node still exists. */
    private void commit(List<StateTree.Op> ops) throws Exception {
        String leaderNode = fence.leaderNode();
        try {
            tree.commit(leaderNode, ops);
        } catch (StateTree.FenceLostException e) {
            throw new RpcException(ErrorCode.ERR_FORWARD_TO_OTHERS, "this meta server is no longer the leader"
                    + " (its latch node " + leaderNode + " is gone); nothing was written", e);
        }
    }

    private String backupsPath() {
        return root + "/backups";
    }

    private String bulkLoadsPath() {
        return root + "/bulk_loads";
    }

    private String duplicationsPath() {
        return root + "/duplications";
    }

    private String policiesPath() {
        return root + "/backup_policies";
    }

    private String splitsPath() {
        return root + "/splits";
    }

    private String splitPath(int appId) {
        return splitsPath() + "/" + appId;
    }

    private String balancerPath() {
        return root + "/balancer";
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

    private static byte[] encode(Gpid gpid, PartitionConfig config, int replicaCount, Map<RpcAddress, Long> lives)
            throws TException {
        partition_configuration stored = PartitionConfigCodec.toThrift(gpid, config, replicaCount);
        if (!lives.isEmpty()) {
            Map<Long, Long> packed = new HashMap<>();
            lives.forEach((node, life) -> packed.put(node.pack(), life));
            stored.setMember_lives(packed);
        }
        return encode(stored);
    }

    private static byte[] encode(TBase<?, ?> value) throws TException {
        return new TSerializer(new TJSONProtocol.Factory()).serialize(value);
    }

    private static <T extends TBase<?, ?>> T decode(byte[] bytes, T into) throws TException {
        new TDeserializer(new TJSONProtocol.Factory()).deserialize(into, bytes);
        return into;
    }
}
