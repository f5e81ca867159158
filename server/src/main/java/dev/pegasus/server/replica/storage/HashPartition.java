package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.PartitionHash;

/** Partition {@code index} of {@code count}: the keys whose hash falls in it. */
public record HashPartition(int index, int count) {
    public HashPartition {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("no partition " + index + " of " + count);
        }
    }

    public boolean holds(byte[] storageKey) {
        return PartitionHash.partitionIndex(PartitionHash.ofStorageKey(storageKey), count) == index;
    }
}
