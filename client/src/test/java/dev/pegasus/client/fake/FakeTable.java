package dev.pegasus.client.fake;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.app_status;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One table of the fake cluster: its meta state and its records (shared by all fake replicas). */
public final class FakeTable {
    /** A stored record: user value and expire_ts (0: no TTL). */
    public record Stored(byte[] value, int expireTs) {}

    final int appId;
    String name;
    final int partitionCount;
    final int replicaCount;
    final Map<String, String> envs = new HashMap<>();
    app_status status = app_status.AS_AVAILABLE;
    long createSecond = System.currentTimeMillis() / 1000;
    long dropSecond;
    long expireSecond;
    /** Primary of each partition; null: none. */
    final RpcAddress[] primaries;
    final long[] ballots;
    /** Query-config answers left that report no primaries (a table still being opened by replicas). */
    int queriesBeforeReady;
    /** Records by storage key, in storage key order. Guarded by this. */
    final NavigableMap<byte[], Stored> records = new TreeMap<>(Arrays::compareUnsigned);

    FakeTable(int appId, String name, int partitionCount, int replicaCount) {
        this.appId = appId;
        this.name = name;
        this.partitionCount = partitionCount;
        this.replicaCount = replicaCount;
        this.primaries = new RpcAddress[partitionCount];
        this.ballots = new long[partitionCount];
    }

    public int appId() {
        return appId;
    }

    public synchronized Stored record(byte[] storageKey) {
        return records.get(storageKey);
    }

    Gpid gpid(int index) {
        return new Gpid(appId, index);
    }

    app_info info() {
        app_info info = new app_info();
        info.setStatus(status);
        info.setApp_type("pegasus");
        info.setApp_name(name);
        info.setApp_id(appId);
        info.setPartition_count(partitionCount);
        info.setEnvs(new HashMap<>(envs));
        info.setIs_stateful(true);
        info.setMax_replica_count(replicaCount);
        info.setCreate_second(createSecond);
        info.setDrop_second(dropSecond);
        info.setExpire_second(expireSecond);
        return info;
    }
}
