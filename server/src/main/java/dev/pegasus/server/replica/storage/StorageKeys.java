package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;

/**
 * Validation of keys arriving in requests, which the server cannot assume a client has checked. The
 * write path checks them in {@link WriteExecutor}; reads are checked where requests come in, before
 * they reach the store.
 */
public final class StorageKeys {
    private StorageKeys() {}

    /** Whether a hash key fits the two-byte length prefix of a storage key. */
    public static boolean isValidHashKey(byte[] hashKey) {
        return hashKey.length < KeySchema.MAX_HASH_KEY_LENGTH;
    }

    /** A storage key whose length prefix fits inside it (so hash and sort key can be recovered). */
    static boolean isValidStorageKey(byte[] storageKey) {
        if (storageKey.length < 2) {
            return false;
        }
        int hashKeyLength = ((storageKey[0] & 0xFF) << 8) | (storageKey[1] & 0xFF);
        return hashKeyLength < KeySchema.MAX_HASH_KEY_LENGTH && 2 + hashKeyLength <= storageKey.length;
    }
}
