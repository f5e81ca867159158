package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;

/**
 * An operation failed after it was accepted for sending: the cluster answered with an error, did not
 * answer in time, or could not be reached. Unchecked, so that call sites stay as short as the
 * operations themselves. The message names the operation, the table and what went wrong.
 */
public class PegasusException extends RuntimeException {
    private final ErrorCode code;

    public PegasusException(ErrorCode code, String message) {
        super(code.name() + ": " + message);
        this.code = code;
    }

    public PegasusException(ErrorCode code, String message, Throwable cause) {
        super(code.name() + ": " + message, cause);
        this.code = code;
    }

    /**
     * Re-raises an exception that completed a future on another thread, keeping its message and code
     * while adding the stack of the caller that waited for it.
     */
    PegasusException(PegasusException raisedElsewhere) {
        super(raisedElsewhere.getMessage(), raisedElsewhere);
        this.code = raisedElsewhere.code;
    }

    public ErrorCode code() {
        return code;
    }
}
