package dev.pegasus.protocol;

import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicated_write;
import java.nio.ByteBuffer;
import java.util.List;

/** The duplicate request: one partition's writes, as another cluster's duplication ships them. */
public final class DuplicateRequests {
    private DuplicateRequests() {}

    /**
     * One shipped write.
     *
     * @param storedValue the put's stored value (value header and timetag included), or null for a delete
     */
    public static duplicated_write write(byte[] storageKey, byte[] storedValue, long timetag) {
        duplicated_write write = new duplicated_write(ByteBuffer.wrap(storageKey), timetag);
        if (storedValue != null) {
            write.setValue(storedValue);
        }
        return write;
    }

    /** The request carrying {@code writes}, shipped by cluster {@code sourceClusterId} at {@code shippedAtMicros}. */
    public static duplicate_request of(List<duplicated_write> writes, int sourceClusterId, long shippedAtMicros) {
        return new duplicate_request(List.of(new duplicate_entry().setTimestamp(shippedAtMicros)
                .setCluster_id((byte) sourceClusterId).setVerify_timetag(true).setWrites(writes)));
    }
}
