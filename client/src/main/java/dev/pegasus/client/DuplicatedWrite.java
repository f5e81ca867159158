package dev.pegasus.client;

import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicated_write;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed write of another cluster's table, as its duplication ships it: a put of a full stored
 * value (value header and timetag included) or a delete. Applied only where it is at least as new as
 * what the key holds.
 *
 * @param storageKey  the hash key and sort key in their stored form
 * @param storedValue the stored value; null for a delete
 * @param timetag     the put's timetag (the one in its value header), or the delete's
 */
public record DuplicatedWrite(byte[] storageKey, byte[] storedValue, long timetag) {
    public boolean isDelete() {
        return storedValue == null;
    }

    /** The duplicate request that carries {@code writes} of one partition, shipped by cluster {@code sourceClusterId}. */
    public static duplicate_request toRequest(List<DuplicatedWrite> writes, int sourceClusterId, long shippedAtMicros) {
        List<duplicated_write> wire = new ArrayList<>(writes.size());
        for (DuplicatedWrite write : writes) {
            duplicated_write item = new duplicated_write(ByteBuffer.wrap(write.storageKey()), write.timetag());
            if (!write.isDelete()) {
                item.setValue(write.storedValue());
            }
            wire.add(item);
        }
        duplicate_entry entry = new duplicate_entry().setTimestamp(shippedAtMicros)
                .setCluster_id((byte) sourceClusterId).setVerify_timetag(true).setWrites(wire);
        return new duplicate_request(List.of(entry));
    }
}
