package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.query_cfg_response;
import java.util.Optional;

/**
 * Where each partition of a table is served, as of one answer of the meta server. Immutable: a refresh
 * replaces the whole snapshot, so one request sees one consistent view. Invariant: {@code primaries}
 * has {@code partitionCount} slots; a null slot is a partition without a primary.
 */
final class TableRoutes {
    private final String table;
    private final int appId;
    private final int partitionCount;
    private final RpcAddress[] primaries;

    private TableRoutes(String table, int appId, RpcAddress[] primaries) {
        this.table = table;
        this.appId = appId;
        this.partitionCount = primaries.length;
        this.primaries = primaries;
    }

    static TableRoutes from(String table, query_cfg_response response) {
        int count = response.getPartition_count();
        if (count <= 0) {
            throw new PegasusException(ErrorCode.ERR_INVALID_DATA,
                    "meta server reported " + count + " partitions for table '" + table + "'");
        }
        RpcAddress[] primaries = new RpcAddress[count];
        if (response.getPartitions() != null) {
            for (partition_configuration config : response.getPartitions()) {
                int index = Gpid.unpack(config.getPid()).partitionIndex();
                if (index >= 0 && index < count && config.getPrimary() != RpcAddress.INVALID) {
                    primaries[index] = RpcAddress.unpack(config.getPrimary());
                }
            }
        }
        return new TableRoutes(table, response.getApp_id(), primaries);
    }

    String table() {
        return table;
    }

    int appId() {
        return appId;
    }

    int partitionCount() {
        return partitionCount;
    }

    int partitionIndex(long partitionHash) {
        return PartitionHash.partitionIndex(partitionHash, partitionCount);
    }

    Gpid gpid(int partitionIndex) {
        return new Gpid(appId, partitionIndex);
    }

    Optional<RpcAddress> primary(int partitionIndex) {
        return Optional.ofNullable(primaries[partitionIndex]);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("TableRoutes{" + table + ", app " + appId + ", primaries [");
        for (int i = 0; i < partitionCount; i++) {
            out.append(i == 0 ? "" : ", ").append(primaries[i] == null ? "-" : primaries[i]);
        }
        return out.append("]}").toString();
    }
}
