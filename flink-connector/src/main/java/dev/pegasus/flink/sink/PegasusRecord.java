package dev.pegasus.flink.sink;

import dev.pegasus.client.SortKeyValue;
import dev.pegasus.protocol.PartitionHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One write the sink sends to Pegasus: a set, a delete, a multi-set of one hash key, or an increment.
 * Built by the {@link PegasusSerializer} from each element of the stream. Immutable; arguments are
 * checked here, so that a bad element fails the job naming what was wrong before anything is sent.
 *
 * <p>Sets, deletes and multi-sets are idempotent: the sink replays them after a failure (at-least-once)
 * without changing the outcome. An increment is not: a replayed increment counts twice.
 */
public final class PegasusRecord {
    /** What the record does to the table. */
    public enum Operation { SET, DEL, MULTI_SET, INCR }

    private static final byte[] EMPTY = new byte[0];

    private final Operation operation;
    private final byte[] hashKey;
    private final byte[] sortKey;
    private final byte[] value;
    private final List<SortKeyValue> values;
    private final long increment;
    private final int ttlSeconds;

    private PegasusRecord(Operation operation, byte[] hashKey, byte[] sortKey, byte[] value, List<SortKeyValue> values,
            long increment, int ttlSeconds) {
        this.operation = operation;
        this.hashKey = hashKey;
        this.sortKey = sortKey;
        this.value = value;
        this.values = values;
        this.increment = increment;
        this.ttlSeconds = ttlSeconds;
    }

    /** A set: {@code (hashKey, sortKey) -> value}, expiring after {@code ttlSeconds} (0 for never). */
    public PegasusRecord(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        this(Operation.SET, required("set", "hash key", hashKey), required("set", "sort key", sortKey),
                required("set", "value", value), List.of(), 0, ttl("set", ttlSeconds));
    }

    public static PegasusRecord set(byte[] hashKey, byte[] sortKey, byte[] value) {
        return new PegasusRecord(hashKey, sortKey, value, 0);
    }

    public static PegasusRecord set(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        return new PegasusRecord(hashKey, sortKey, value, ttlSeconds);
    }

    public static PegasusRecord del(byte[] hashKey, byte[] sortKey) {
        return new PegasusRecord(Operation.DEL, required("del", "hash key", hashKey),
                required("del", "sort key", sortKey), EMPTY, List.of(), 0, 0);
    }

    /** Several records of one (non-empty) hash key, written atomically. */
    public static PegasusRecord multiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        required("multiSet", "hash key", hashKey);
        if (hashKey.length == 0) {
            throw new IllegalArgumentException("multiSet: the hash key must not be empty");
        }
        Objects.requireNonNull(values, "multiSet: values must not be null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("multiSet: values must not be empty");
        }
        List<SortKeyValue> copy = new ArrayList<>(values.size());
        for (SortKeyValue entry : values) {
            Objects.requireNonNull(entry, "multiSet: a sort key/value pair is null");
            required("multiSet", "sort key", entry.sortKey());
            required("multiSet", "value", entry.value());
            copy.add(entry);
        }
        return new PegasusRecord(Operation.MULTI_SET, hashKey, EMPTY, EMPTY, List.copyOf(copy), 0,
                ttl("multiSet", ttlSeconds));
    }

    /**
     * Adds {@code increment} to the record's value read as a decimal integer.
     *
     * @param ttlSeconds 0 keeps the record's TTL, > 0 sets it, < 0 clears it
     */
    public static PegasusRecord incr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        return new PegasusRecord(Operation.INCR, required("incr", "hash key", hashKey),
                required("incr", "sort key", sortKey), EMPTY, List.of(), increment, ttlSeconds);
    }

    public Operation operation() {
        return operation;
    }

    public byte[] hashKey() {
        return hashKey;
    }

    /** Empty for a multi-set. */
    public byte[] sortKey() {
        return sortKey;
    }

    /** The value of a set; empty otherwise. */
    public byte[] value() {
        return value;
    }

    /** The records of a multi-set; empty otherwise. */
    public List<SortKeyValue> values() {
        return values;
    }

    public long increment() {
        return increment;
    }

    public int ttlSeconds() {
        return ttlSeconds;
    }

    /** The partition the record belongs to, hashed as the client and the servers hash it. */
    public int partitionIndex(int partitionCount) {
        return PartitionHash.partitionIndex(PartitionHash.of(hashKey, sortKey), partitionCount);
    }

    /** Key and value bytes, as counted in the sink's bytes-sent metric. */
    public long sizeInBytes() {
        long bytes = hashKey.length + sortKey.length + value.length;
        for (SortKeyValue entry : values) {
            bytes += entry.sortKey().length + entry.value().length;
        }
        return bytes;
    }

    private static byte[] required(String operation, String what, byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException(operation + ": the " + what + " must not be null");
        }
        return bytes;
    }

    private static int ttl(String operation, int ttlSeconds) {
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException(operation + ": the TTL must be >= 0 seconds (0 for none), got "
                    + ttlSeconds);
        }
        return ttlSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PegasusRecord other && operation == other.operation && Arrays.equals(hashKey, other.hashKey)
                && Arrays.equals(sortKey, other.sortKey) && Arrays.equals(value, other.value)
                && values.equals(other.values) && increment == other.increment && ttlSeconds == other.ttlSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, Arrays.hashCode(hashKey), Arrays.hashCode(sortKey), Arrays.hashCode(value), values,
                increment, ttlSeconds);
    }

    @Override
    public String toString() {
        return "PegasusRecord{" + operation + " " + Keys.show(hashKey) + "/" + Keys.show(sortKey) + "}";
    }
}
