package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcException;
import java.time.Duration;

/**
 * Decides whether and how a failed request is tried again, and how long to wait before it. Back-off
 * doubles from {@code first} up to {@code max} so a cluster in the middle of a reconfiguration is not
 * flooded, while a quick fix (a new primary a few milliseconds later) is picked up quickly.
 */
final class RetryPolicy {
    static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(500));

    enum Decision {
        /** Look up the table's routes again, then retry. */
        REFRESH_ROUTES_AND_RETRY,
        /** Retry after backing off. */
        RETRY,
        /** Give up and report the error. */
        FAIL
    }

    private final long firstMillis;
    private final long maxMillis;

    RetryPolicy(Duration first, Duration max) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** Wait before retry number {@code retry} (1 for the first retry). */
    long backoffMillis(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        return Math.min(maxMillis, firstMillis << doublings);
    }

    /**
     * @param neverSent the request is known not to have left this client (e.g. the connection could not be
     *     opened), so even an operation that must not be applied twice may be retried
     */
    Decision decide(ErrorCode code, RetryMode mode, boolean neverSent) {
        if (mode == RetryMode.SINGLE_ATTEMPT) {
            return Decision.FAIL;
        }
        if (mode == RetryMode.AT_MOST_ONCE && !neverSent && mayHaveBeenApplied(code)) {
            return Decision.FAIL;
        }
        if (code.needsRouteRefresh()) {
            return Decision.REFRESH_ROUTES_AND_RETRY;
        }
        if (code.needsBackoff() || code == ErrorCode.ERR_TIMEOUT) {
            return Decision.RETRY;
        }
        return Decision.FAIL;
    }

    /**
     * Errors that leave open whether the server applied the request: no answer came, or the connection
     * broke after the request was written. Any other error is a server's refusal, sent before it applied
     * anything.
     */
    static boolean mayHaveBeenApplied(ErrorCode code) {
        return code == ErrorCode.ERR_TIMEOUT || code == ErrorCode.ERR_SESSION_RESET
                || code == ErrorCode.ERR_NETWORK_FAILURE;
    }

    /**
     * Whether a failed call never reached the wire. The RPC layer reports a refused or failed connect as
     * ERR_SESSION_RESET like a connection lost mid-call, and tells them apart only by its message, so the
     * message is what distinguishes them here.
     */
    static boolean neverSent(RpcException failure) {
        String message = failure.getMessage();
        return failure.code() == ErrorCode.ERR_SESSION_RESET && message != null
                && (message.contains("cannot connect to ") || message.contains("client is closed"));
    }
}
