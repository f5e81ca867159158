package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;

/**
 * The meta server does not know the table. A distinct type so that retry loops can stop at once instead
 * of retrying a request that cannot succeed; callers see a {@link PegasusException} with
 * ERR_OBJECT_NOT_FOUND.
 */
final class TableNotFoundException extends PegasusException {
    TableNotFoundException(String table, ErrorCode answered) {
        super(ErrorCode.ERR_OBJECT_NOT_FOUND,
                "table '" + table + "' does not exist (meta server answered " + answered + ")");
    }
}
