package dev.pegasus.client.fake;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.app_status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster in one test JVM, on real sockets: a fake meta server (plus, optionally, followers that
 * redirect) and fake replica servers holding tables in sorted maps. Tests change the configuration
 * directly (move a primary, remove it) and inject faults into replicas.
 */
public final class FakeCluster implements AutoCloseable {
    private final FakeMeta meta;
    private final List<FakeMeta> followers = new ArrayList<>();
    private final List<FakeReplica> replicas = new ArrayList<>();
    /** Tables by app id, dropped ones included. Guarded by this. */
    private final Map<Integer, FakeTable> tables = new HashMap<>();
    private int nextAppId = 1;

    private FakeCluster(int replicaCount) {
        this.meta = FakeMeta.leader(this);
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(new FakeReplica(this, "replica" + i));
        }
    }

    public static FakeCluster start(int replicaCount) {
        return new FakeCluster(replicaCount);
    }

    /** Adds a meta server that answers every request with ERR_FORWARD_TO_OTHERS. */
    public String addFollowerMeta() {
        FakeMeta follower = FakeMeta.follower();
        followers.add(follower);
        return follower.address().toString();
    }

    public String metaAddress() {
        return meta.address().toString();
    }

    public FakeMeta meta() {
        return meta;
    }

    public FakeReplica replica(int index) {
        return replicas.get(index);
    }

    public List<FakeReplica> replicas() {
        return replicas;
    }

    /** Creates a table whose partition i has replica i % replicas as primary. */
    public synchronized FakeTable createTable(String name, int partitionCount) {
        return createTable(name, partitionCount, 3, Map.of());
    }

    synchronized FakeTable createTable(String name, int partitionCount, int replicaCount, Map<String, String> envs) {
        FakeTable table = new FakeTable(nextAppId++, name, partitionCount, replicaCount);
        table.envs.putAll(envs);
        for (int i = 0; i < partitionCount; i++) {
            table.primaries[i] = replicas.get(i % replicas.size()).address();
            table.ballots[i] = 1;
        }
        tables.put(table.appId, table);
        return table;
    }

    public synchronized FakeTable table(String name) {
        return findAvailable(name).orElseThrow(() -> new IllegalArgumentException("no table " + name));
    }

    synchronized Optional<FakeTable> findAvailable(String name) {
        return tables.values().stream().filter(t -> t.name.equals(name)
                && t.status != app_status.AS_DROPPED).findFirst();
    }

    synchronized Optional<FakeTable> byId(int appId) {
        return Optional.ofNullable(tables.get(appId));
    }

    synchronized List<FakeTable> allTables() {
        return new ArrayList<>(tables.values());
    }

    /** Makes {@code replica} (null: nobody) the primary of a partition, bumping its ballot. */
    public synchronized void setPrimary(String table, int partition, FakeReplica replica) {
        FakeTable t = table(table);
        t.primaries[partition] = replica == null ? null : replica.address();
        t.ballots[partition]++;
    }

    synchronized boolean isPrimary(Gpid gpid, RpcAddress server) {
        FakeTable table = tables.get(gpid.appId());
        return table != null && table.status != app_status.AS_DROPPED
                && gpid.partitionIndex() >= 0 && gpid.partitionIndex() < table.partitionCount
                && server.equals(table.primaries[gpid.partitionIndex()]);
    }

    @Override
    public void close() {
        replicas.forEach(FakeReplica::close);
        followers.forEach(FakeMeta::close);
        meta.close();
    }
}
