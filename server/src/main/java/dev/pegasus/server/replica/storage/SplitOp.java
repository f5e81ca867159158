package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.PartitionHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A partition split into {@code partitionCount} partitions. At the decree of the mutation commanding it
 * every replica copies its store into the child partition's directory and from then on serves only its
 * half of the keys. Logs written before commands were typed carry it as a put under a reserved key
 * ({@link ReservedOps}) whose value is the partition count: {@link #of} reads it back.
 */
public record SplitOp(int partitionCount) {
    private static final byte[] KEY = ReservedOps.key("pegasus.partition_split");

    public SplitOp {
        if (partitionCount < 2 || Integer.bitCount(partitionCount) != 1) {
            throw new IllegalArgumentException("bad split partition count " + partitionCount);
        }
    }

    /** The reserved-key put that logs written before commands were typed carry. */
    public WriteOp toWriteOp() {
        return WriteOp.put(KEY.clone(), Integer.toString(partitionCount).getBytes(StandardCharsets.US_ASCII));
    }

    /** The child that partition {@code parentIndex} splits into. */
    public int childOf(int parentIndex) {
        if (parentIndex < 0 || parentIndex >= partitionCount / 2) {
            throw new IllegalStateException("partition " + parentIndex + " is no parent in a split to " + partitionCount);
        }
        return parentIndex + partitionCount / 2;
    }

    /**
     * After a split into {@code splitCount} partitions (0: never split), the first of the writes whose key
     * partition {@code partitionIndex} gave away, described; empty when the writes are all its own.
     */
    public static Optional<String> keyOfOtherHalf(List<WriteOp> ops, int partitionIndex, int splitCount) {
        if (splitCount == 0) {
            return Optional.empty();
        }
        HashPartition own = new HashPartition(partitionIndex, splitCount);
        return ops.stream().filter(op -> !own.holds(op.key())).findFirst().map(op -> "split into " + splitCount
                + " partitions; the key belongs to partition "
                + PartitionHash.partitionIndex(PartitionHash.ofStorageKey(op.key()), splitCount));
    }

    /** @throws IllegalStateException when a split shares its mutation with other writes */
    public static Optional<SplitOp> of(List<WriteOp> ops) {
        return ReservedOps.valueOf(ops, KEY, "partition split")
                .map(bytes -> new SplitOp(Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII))));
    }
}
