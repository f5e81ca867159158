package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.core.PartitionConfig;

/**
 * Told of every partition configuration once it is durable in ZooKeeper, so that what the meta server
 * keeps beside the configurations (when members joined, when a partition last changed) follows them.
 */
@FunctionalInterface
interface ConfigStoredListener {
    /** @param previous the configuration replaced, {@link PartitionConfig#empty()} for a new partition */
    void stored(Gpid gpid, PartitionConfig previous, PartitionConfig next);
}
