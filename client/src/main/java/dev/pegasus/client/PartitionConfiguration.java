package dev.pegasus.client;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.util.List;

/**
 * One partition's replica set as the meta server last recorded it.
 *
 * @param primary {@code host:port} of the primary, or {@code "-"} when it has none
 * @param secondaries {@code host:port} of each secondary
 */
public record PartitionConfiguration(int index, long ballot, String primary, List<String> secondaries,
        long lastCommittedDecree) {
    public PartitionConfiguration {
        secondaries = List.copyOf(secondaries);
    }

    static PartitionConfiguration from(dev.pegasus.protocol.thrift.partition_configuration config) {
        List<String> secondaries = config.getSecondaries() == null ? List.of()
                : config.getSecondaries().stream().map(RpcAddress::describe).toList();
        return new PartitionConfiguration(Gpid.unpack(config.getPid()).partitionIndex(), config.getBallot(),
                RpcAddress.describe(config.getPrimary()), secondaries, config.getLast_committed_decree());
    }
}
