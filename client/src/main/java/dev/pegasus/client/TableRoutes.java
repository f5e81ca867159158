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
 *
 * <p>While a table splits from N to 2N partitions, a child (index i >= N) that the meta server has not
 * registered yet (ballot 0) is served by its parent, partition i - N, which still holds its keys.
 */
final class TableRoutes {
    private final String table;
    private final int appId;
    private final int partitionCount;
    private final RpcAddress[] primaries;
    /** Why each partition does not serve as configured, as the meta server said; null when it does. */
    private final String[] problems;
    /** The partition that serves each partition's keys: itself, or an unregistered child's parent. */
    private final int[] servedBy;

    private TableRoutes(String table, int appId, RpcAddress[] primaries, String[] problems, int[] servedBy) {
        this.table = table;
        this.appId = appId;
        this.partitionCount = primaries.length;
        this.primaries = primaries;
        this.problems = problems;
        this.servedBy = servedBy;
    }

    static TableRoutes from(String table, query_cfg_response response) {
        int count = response.getPartition_count();
        if (count <= 0) {
            throw new PegasusException(ErrorCode.ERR_INVALID_DATA,
                    "meta server reported " + count + " partitions for table '" + table + "'");
        }
        RpcAddress[] primaries = new RpcAddress[count];
        String[] problems = new String[count];
        int[] servedBy = new int[count];
        for (int index = 0; index < count; index++) {
            servedBy[index] = index;
        }
        if (response.getPartitions() != null) {
            for (int i = 0; i < response.getPartitions().size(); i++) {
                partition_configuration config = response.getPartitions().get(i);
                int index = Gpid.unpack(config.getPid()).partitionIndex();
                if (index >= 0 && index < count && config.getPrimary() != RpcAddress.INVALID) {
                    primaries[index] = RpcAddress.unpack(config.getPrimary());
                }
                if (index >= 0 && index < count && response.isSetPartition_problems()
                        && i < response.getPartition_problems().size()
                        && !response.getPartition_problems().get(i).isEmpty()) {
                    problems[index] = response.getPartition_problems().get(i);
                }
                if (index >= count / 2 && index < count && config.getBallot() == 0 && count % 2 == 0) {
                    servedBy[index] = index - count / 2;
                }
            }
        }
        return new TableRoutes(table, response.getApp_id(), primaries, problems, servedBy);
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

    /** The partition a request for this partition's keys goes to (its parent while it is unregistered). */
    Gpid gpid(int partitionIndex) {
        return new Gpid(appId, servedBy[partitionIndex]);
    }

    Optional<RpcAddress> primary(int partitionIndex) {
        return Optional.ofNullable(primaries[servedBy[partitionIndex]]);
    }

    /** Why the partition serving these keys does not serve as configured, as the meta server last said. */
    Optional<String> problem(int partitionIndex) {
        return Optional.ofNullable(problems[servedBy[partitionIndex]]);
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
