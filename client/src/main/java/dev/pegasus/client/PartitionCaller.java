package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every key-value request takes: find the partition's primary in the route cache, send,
 * and on failure refresh routes and/or back off and try again, as {@link RetryPolicy} decides, until
 * the deadline. Nothing here blocks: waits are timers and future callbacks.
 */
final class PartitionCaller {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCaller.class);

    private final RpcClient rpc;
    private final RouteCache routes;
    private final RetryPolicy retryPolicy;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier clientClosed;

    PartitionCaller(RpcClient rpc, RouteCache routes, RetryPolicy retryPolicy, ScheduledExecutorService timer,
            BooleanSupplier clientClosed) {
        this.rpc = rpc;
        this.routes = routes;
        this.retryPolicy = retryPolicy;
        this.timer = timer;
        this.clientClosed = clientClosed;
    }

    /**
     * Sends {@code call} until it gets an answer, fails for good, or runs out of time. The future completes
     * with {@code read} applied to the response (which may throw a {@link PegasusException} for an error
     * status in the response body; those are never retried), or fails with a {@link PegasusException}.
     */
    <Req, Resp, T> CompletableFuture<T> call(PartitionCall<Req, Resp> call, Deadline deadline,
            Function<Resp, T> read) {
        Run<Req, Resp, T> run = new Run<>(call, deadline, read);
        run.attempt();
        return run.result;
    }

    /** The state of one call across its attempts. Attempts run one after another, never concurrently. */
    private final class Run<Req, Resp, T> {
        final PartitionCall<Req, Resp> call;
        final Deadline deadline;
        final Function<Resp, T> read;
        final CompletableFuture<T> result = new CompletableFuture<>();
        int sends;
        /** A write's attempt reached a server that may have applied it before the attempt failed. */
        boolean outcomeUnknown;
        int retries;
        String lastError = "none";
        /** The routes of the last attempt, for what the meta server said of the partition. */
        TableRoutes lastRoutes;
        int lastIndex;

        Run(PartitionCall<Req, Resp> call, Deadline deadline, Function<Resp, T> read) {
            this.call = call;
            this.deadline = deadline;
            this.read = read;
        }

        void attempt() {
            if (result.isDone()) {
                return;
            }
            if (clientClosed.getAsBoolean()) {
                fail(ErrorCode.ERR_SESSION_RESET, "the client is closed", null);
                return;
            }
            if (deadline.expired()) {
                failTimedOut();
                return;
            }
            routes.get(call.table()).copy().orTimeout(deadline.remainingMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((snapshot, failure) -> {
                        if (failure == null) {
                            send(snapshot);
                        } else if (RouteCache.isTableNotFound(failure)) {
                            failTableNotFound(failure);
                        } else {
                            lastError = "route lookup failed: " + describe(Futures.unwrap(failure));
                            retryAfterBackoff();
                        }
                    });
        }

        private void send(TableRoutes snapshot) {
            int index = snapshot.partitionIndex(call.partitionHash());
            lastRoutes = snapshot;
            lastIndex = index;
            Gpid gpid = snapshot.gpid(index);
            Optional<RpcAddress> primary = snapshot.primary(index);
            if (primary.isEmpty()) {
                lastError = "partition " + gpid + " has no primary";
                if (call.retryMode() == RetryMode.SINGLE_ATTEMPT) {
                    fail(ErrorCode.ERR_INVALID_STATE, lastError, null);
                    return;
                }
                refreshRoutes(snapshot);
                retryAfterBackoff();
                return;
            }
            RpcAddress server = primary.get();
            sends++;
            rpc.call(server, call.method(), gpid, call.partitionHash(), call.request(),
                    Math.max(1, deadline.remainingMillis())).whenComplete((response, failure) -> {
                        if (failure == null) {
                            deliver(response);
                        } else {
                            onFailure(snapshot, server, gpid, Futures.unwrap(failure));
                        }
                    });
        }

        private void deliver(Resp response) {
            try {
                result.complete(read.apply(response));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void onFailure(TableRoutes snapshot, RpcAddress server, Gpid gpid, Throwable failure) {
            if (!(failure instanceof RpcException rpcFailure)) {
                fail(ErrorCode.ERR_UNKNOWN, "failed at " + server + " (partition " + gpid + "): " + failure, failure);
                return;
            }
            ErrorCode code = rpcFailure.code();
            lastError = code + " from " + server + " (partition " + gpid + ")";
            boolean neverSent = RetryPolicy.neverSent(rpcFailure);
            outcomeUnknown |= call.retryMode() == RetryMode.AT_MOST_ONCE && !neverSent
                    && RetryPolicy.mayHaveBeenApplied(code);
            switch (retryPolicy.decide(code, call.retryMode(), neverSent)) {
                case REFRESH_ROUTES_AND_RETRY -> {
                    LOG.debug("{} on table '{}': {}; refreshing routes", call.operation(), call.table(), lastError);
                    refreshRoutes(snapshot);
                    retryAfterBackoff();
                }
                case RETRY -> retryAfterBackoff();
                case FAIL -> {
                    String why = call.retryMode() == RetryMode.AT_MOST_ONCE && !neverSent
                            && RetryPolicy.mayHaveBeenApplied(code)
                            ? "; not retried because the request may have been applied" : "";
                    fail(code, "failed at " + server + " (partition " + gpid + "): " + code.description() + why,
                            rpcFailure);
                }
            }
        }

        /** Starts a (coalesced) refresh; the next attempt picks its result up through the cache. */
        private void refreshRoutes(TableRoutes stale) {
            routes.refresh(call.table(), stale).whenComplete((fresh, failure) -> {
                if (failure != null && RouteCache.isTableNotFound(failure)) {
                    failTableNotFound(failure);
                }
            });
        }

        private void retryAfterBackoff() {
            retries++;
            long delay = Math.min(retryPolicy.backoffMillis(retries), deadline.remainingMillis());
            try {
                timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                fail(ErrorCode.ERR_SESSION_RESET, "the client is closed", null);
            }
        }

        private void failTimedOut() {
            String metaSays = lastRoutes == null ? "" : lastRoutes.problem(lastIndex).map(problem ->
                    "; the meta server says of partition " + lastRoutes.gpid(lastIndex) + ": " + problem).orElse("");
            fail(ErrorCode.ERR_TIMEOUT, "timed out after " + deadline.budget().toMillis() + " ms and " + sends
                    + (sends == 1 ? " attempt" : " attempts") + "; last error: " + lastError + metaSays, null);
        }

        private void failTableNotFound(Throwable failure) {
            fail(ErrorCode.ERR_OBJECT_NOT_FOUND, "failed: the meta server does not know the table", failure);
        }

        private void fail(ErrorCode code, String what, Throwable cause) {
            result.completeExceptionally(new PegasusException(code,
                    call.operation() + " on table '" + call.table() + "' " + what, cause, outcomeUnknown));
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return "no answer from the meta servers in time";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
