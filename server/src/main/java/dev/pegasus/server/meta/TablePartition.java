package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.wire.PartitionConfigCodec;

/** One partition of an available table with its configuration, as the meta server holds it now. */
record TablePartition(app_info info, Gpid gpid, PartitionConfig config) {
    /** How many replicas the partition should have. */
    int replicaCount() {
        return info.getMax_replica_count();
    }

    partition_configuration toThrift() {
        return PartitionConfigCodec.toThrift(gpid, config, replicaCount());
    }
}
