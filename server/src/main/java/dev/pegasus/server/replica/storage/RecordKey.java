package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import java.util.Objects;

/** The key of one record as a client names it; the store keeps it as {@link #storageKey()}. */
public record RecordKey(byte[] hashKey, byte[] sortKey) {
    public RecordKey {
        Objects.requireNonNull(hashKey, "hashKey");
        Objects.requireNonNull(sortKey, "sortKey");
    }

    /** @throws IllegalArgumentException when the hash key is too long to be stored */
    public byte[] storageKey() {
        return KeySchema.encode(hashKey, sortKey);
    }
}
