package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.List;

/** A table as the meta server stores it: its description and one configuration per partition, by index. */
public record StoredTable(app_info info, List<PartitionConfig> partitions) {
    public StoredTable {
        partitions = List.copyOf(partitions);
    }

    public int appId() {
        return info.getApp_id();
    }

    public String name() {
        return info.getApp_name();
    }

    /** How many replicas each partition should have. */
    public int replicaCount() {
        return info.getMax_replica_count();
    }

    public Gpid gpid(int index) {
        return new Gpid(appId(), index);
    }

    public StoredTable withInfo(app_info newInfo) {
        return new StoredTable(newInfo, partitions);
    }

    public StoredTable withPartition(int index, PartitionConfig config) {
        List<PartitionConfig> changed = new ArrayList<>(partitions);
        changed.set(index, config);
        return new StoredTable(info, changed);
    }
}
