package dev.pegasus.server.replica.storage;

/**
 * RocksDB failed (I/O error, corruption, closed store). Unchecked because a replica cannot recover
 * from it locally: the caller stops the replica and lets replication repair it.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
