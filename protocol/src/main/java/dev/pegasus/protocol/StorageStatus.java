package dev.pegasus.protocol;

/** Values of the per-operation {@code error} field of KV responses (RocksDB status codes, as in Pegasus). */
public final class StorageStatus {
    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int CORRUPTION = 2;
    public static final int NOT_SUPPORTED = 3;
    public static final int INVALID_ARGUMENT = 4;
    public static final int IO_ERROR = 5;
    /** More data is available than was returned (multi_get limits). */
    public static final int INCOMPLETE = 7;
    /** A check_and_set / check_and_mutate check did not pass. */
    public static final int TRY_AGAIN = 13;

    private StorageStatus() {}

    public static String name(int status) {
        return switch (status) {
            case OK -> "OK";
            case NOT_FOUND -> "NotFound";
            case CORRUPTION -> "Corruption";
            case NOT_SUPPORTED -> "NotSupported";
            case INVALID_ARGUMENT -> "InvalidArgument";
            case IO_ERROR -> "IOError";
            case INCOMPLETE -> "Incomplete";
            case TRY_AGAIN -> "TryAgain";
            default -> "status " + status;
        };
    }
}
