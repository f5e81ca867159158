package dev.pegasus.checkpoint.tools;

import java.util.Optional;

/**
 * One live record of a snapshot.
 *
 * @param value the user value, empty when the reader was opened without values
 * @param expireTs seconds since 2016-01-01T00:00:00Z when the record expires, 0 for none
 * @param timetag {@code timestamp_us << 8 | cluster_id << 1 | delete_flag} of the write
 */
public record SnapshotRecord(byte[] hashKey, byte[] sortKey, Optional<byte[]> value, int expireTs, long timetag) {
}
