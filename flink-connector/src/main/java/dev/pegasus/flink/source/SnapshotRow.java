package dev.pegasus.flink.source;

import dev.pegasus.protocol.ValueSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record of a snapshot as the default {@link SnapshotDeserializer#rows()} emits it. A Flink POJO
 * (public fields, no-argument constructor), so it travels between tasks without a custom serializer.
 */
public class SnapshotRow {
    public byte[] hashKey;
    public byte[] sortKey;
    public byte[] value;
    /** Seconds since 2016-01-01T00:00:00Z when the record expires; 0 for never. */
    public int expireTs;

    public SnapshotRow() {}

    public SnapshotRow(byte[] hashKey, byte[] sortKey, byte[] value, int expireTs) {
        this.hashKey = hashKey;
        this.sortKey = sortKey;
        this.value = value;
        this.expireTs = expireTs;
    }

    /**
     * The seconds the record has left at {@code now}, as a write's TTL: 0 for a record that never
     * expires, at least 1 otherwise (an expired record is not in a snapshot read at a later "now").
     */
    public int remainingTtlSeconds(Instant now) {
        if (expireTs == 0) {
            return 0;
        }
        return Math.max(1, expireTs - ValueSchema.epochSeconds(now.getEpochSecond()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotRow other && Arrays.equals(hashKey, other.hashKey)
                && Arrays.equals(sortKey, other.sortKey) && Arrays.equals(value, other.value) && expireTs == other.expireTs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(hashKey), Arrays.hashCode(sortKey), Arrays.hashCode(value), expireTs);
    }

    @Override
    public String toString() {
        return "SnapshotRow{" + new String(hashKey, StandardCharsets.UTF_8) + "/" + new String(sortKey, StandardCharsets.UTF_8)
                + ", " + value.length + " bytes, expireTs=" + expireTs + "}";
    }
}
