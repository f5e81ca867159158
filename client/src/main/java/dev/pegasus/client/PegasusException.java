package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;

/**
 * An operation failed after it was accepted for sending: the cluster answered with an error, did not
 * answer in time, or could not be reached. Unchecked, so that call sites stay as short as the
 * operations themselves. The message names the operation, the table and what went wrong.
 */
public class PegasusException extends RuntimeException {
    private final ErrorCode code;
    private final boolean mayHaveBeenApplied;

    public PegasusException(ErrorCode code, String message) {
        this(code, message, null, false);
    }

    public PegasusException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, false);
    }

    PegasusException(ErrorCode code, String message, Throwable cause, boolean mayHaveBeenApplied) {
        super(code.name() + ": " + message, cause);
        this.code = code;
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    /**
     * Re-raises an exception that completed a future on another thread, keeping its message and code
     * while adding the stack of the caller that waited for it.
     */
    PegasusException(PegasusException raisedElsewhere) {
        super(raisedElsewhere.getMessage(), raisedElsewhere);
        this.code = raisedElsewhere.code;
        this.mayHaveBeenApplied = raisedElsewhere.mayHaveBeenApplied;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * Whether the failed operation may nevertheless have taken effect: a write that reached its primary,
     * which then died, lost the connection or did not answer in time. The client does not repeat such a
     * write (a repeat could undo someone else's write in between); a read, or a write the server
     * refused, never took effect.
     */
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
