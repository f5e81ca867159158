package dev.pegasus.server.sim;

import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.function.IntFunction;

/** Which partition serves a key while its table splits: its own, or its parent while it is a child not registered yet. */
final class SplitRouting {
    private SplitRouting() {}

    /** @param configOf a partition's configuration as known (null: not known, taken as registered) */
    static int servingPartition(long hash, int partitionCount, IntFunction<PartitionConfig> configOf) {
        int index = PartitionHash.partitionIndex(hash, partitionCount);
        PartitionConfig config = configOf.apply(index);
        return config != null && config.ballot() == 0 ? PartitionHash.partitionIndex(hash, partitionCount / 2) : index;
    }
}
