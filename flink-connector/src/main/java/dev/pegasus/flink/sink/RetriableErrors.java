package dev.pegasus.flink.sink;

import dev.pegasus.client.PegasusException;
import dev.pegasus.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Which failures are worth another try: the cluster was busy, moving a partition, or did not answer in
 * time. Anything else (a rejected argument, a dropped table, a storage error) fails the job, since
 * sending the same records again would fail the same way.
 */
final class RetriableErrors {
    private RetriableErrors() {}

    static boolean isRetriable(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof PegasusException pegasus)) {
            return false;
        }
        ErrorCode code = pegasus.code();
        return code == ErrorCode.ERR_TIMEOUT || code.needsBackoff() || code.needsRouteRefresh();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
