package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.StorageStatus;

/**
 * Interprets the storage status in a key-value response body. The frame's error code says whether the
 * request reached a primary; this status says what the storage made of it. Statuses that are normal
 * outcomes (not found, incomplete, check failed) are handled by each operation before calling here.
 */
final class StorageResults {
    private StorageResults() {}

    static void requireOk(int status, String operation, String table) {
        if (status != StorageStatus.OK) {
            throw error(status, operation, table);
        }
    }

    static PegasusException error(int status, String operation, String table) {
        ErrorCode code = status == StorageStatus.INVALID_ARGUMENT ? ErrorCode.ERR_INVALID_PARAMETERS : ErrorCode.ERR_UNKNOWN;
        return new PegasusException(code, operation + " on table '" + table + "' failed in storage with status "
                + StorageStatus.name(status) + " (" + status + ")");
    }
}
