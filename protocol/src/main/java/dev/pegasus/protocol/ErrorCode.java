package dev.pegasus.protocol;

/**
 * Error codes carried in every response frame, by name (the wire holds the constant's name as a
 * string, as Apache Pegasus does). Unknown names read back as {@link #ERR_UNKNOWN}.
 */
public enum ErrorCode {
    ERR_OK("success"),
    ERR_UNKNOWN("unknown error"),
    ERR_TIMEOUT("the request timed out"),
    ERR_BUSY("the server is busy"),
    ERR_FORWARD_TO_OTHERS("this meta server is not the leader; ask another"),
    ERR_SERVICE_NOT_ACTIVE("the meta server leads but has not loaded its state yet; ask again shortly"),
    ERR_OBJECT_NOT_FOUND("no such object (table, partition or node)"),
    ERR_HANDLER_NOT_FOUND("the server has no handler for this request code"),
    ERR_INVALID_PARAMETERS("invalid parameters"),
    ERR_CAPACITY_EXCEEDED("capacity exceeded: too many requests in flight"),
    ERR_INVALID_STATE("the replica is not in a state to serve this request"),
    ERR_INACTIVE_STATE("the replica is inactive"),
    ERR_NOT_ENOUGH_MEMBER("not enough replicas alive"),
    ERR_FILE_OPERATION_FAILED("a file operation failed"),
    ERR_WRONG_CHECKSUM("checksum mismatch"),
    ERR_INVALID_DATA("the request could not be decoded"),
    ERR_INCOMPLETE_DATA("incomplete data"),
    ERR_PATH_NOT_FOUND("path not found"),
    ERR_NOT_IMPLEMENTED("not implemented"),
    ERR_CORRUPTION("data corruption"),
    ERR_TRY_AGAIN("try again later"),
    ERR_APP_EXIST("a table with this name already exists"),
    ERR_APP_NOT_EXIST("no table with this name exists"),
    ERR_BUSY_CREATING("the table is being created"),
    ERR_BUSY_DROPPING("the table is being dropped"),
    ERR_NETWORK_FAILURE("network failure"),
    ERR_OPERATION_DISABLED("the operation is disabled"),
    ERR_EXPIRED("expired"),
    ERR_INCONSISTENT_STATE("inconsistent state"),
    ERR_APP_DROPPED("the table has been dropped"),
    ERR_ZOOKEEPER_OPERATION("a ZooKeeper operation failed"),
    ERR_SPLITTING("the partition is splitting"),
    ERR_PARENT_PARTITION_MISUSED("the key belongs to a child partition; refresh routes"),
    ERR_DISK_INSUFFICIENT("not enough disk space"),
    ERR_SESSION_RESET("the connection was reset");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static ErrorCode fromName(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ERR_UNKNOWN;
        }
    }

    /** Codes after which a client should look up routes again before retrying. */
    public boolean needsRouteRefresh() {
        return this == ERR_OBJECT_NOT_FOUND || this == ERR_INVALID_STATE || this == ERR_INACTIVE_STATE
                || this == ERR_PARENT_PARTITION_MISUSED || this == ERR_SESSION_RESET
                || this == ERR_NETWORK_FAILURE;
    }

    /** Codes after which a client should back off before retrying. */
    public boolean needsBackoff() {
        return this == ERR_NOT_ENOUGH_MEMBER || this == ERR_CAPACITY_EXCEEDED || this == ERR_BUSY
                || this == ERR_TRY_AGAIN || this == ERR_SPLITTING;
    }
}
