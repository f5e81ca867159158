package dev.pegasus.client;

import java.util.List;

/** Every partition's replica set of one table, ordered by partition index. */
public record TableConfiguration(int appId, int partitionCount, List<PartitionConfiguration> partitions) {
    public TableConfiguration {
        partitions = List.copyOf(partitions);
    }
}
