package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to whichever meta server currently leads. Only the leader answers; the others reply
 * ERR_FORWARD_TO_OTHERS (in the frame or in the response's {@code err}), and a meta server may also be
 * down or hung. So a call walks the list starting at the last server that answered, moving on after
 * a redirect, a broken connection or a timeout; after a whole round without an answer it backs off and
 * starts another round, until the deadline. Each server of a round gets an equal share of the time left,
 * so one hung server cannot use up the budget of the others.
 */
final class MetaSession {
    private static final Logger LOG = LoggerFactory.getLogger(MetaSession.class);

    private final RpcClient rpc;
    private final List<RpcAddress> metaServers;
    private final RetryPolicy retryPolicy;
    private final ScheduledExecutorService timer;
    /** Index of the meta server that answered last: the likely leader. */
    private volatile int leader;

    MetaSession(RpcClient rpc, List<RpcAddress> metaServers, RetryPolicy retryPolicy, ScheduledExecutorService timer) {
        if (metaServers.isEmpty()) {
            throw new IllegalArgumentException("no meta servers");
        }
        this.rpc = rpc;
        this.metaServers = List.copyOf(metaServers);
        this.retryPolicy = retryPolicy;
        this.timer = timer;
    }

    List<RpcAddress> metaServers() {
        return metaServers;
    }

    /**
     * Sends a request to the leading meta server. The future completes with the leader's response, whose
     * error field may still hold an error other than ERR_FORWARD_TO_OTHERS for the caller to interpret,
     * or fails with a {@link PegasusException}: ERR_TIMEOUT when no leader answered in time.
     *
     * @param errorOf reads the response's error field (the name of an {@link ErrorCode})
     */
    <Req, Resp> CompletableFuture<Resp> call(String operation, RpcMethod<Req, Resp> method, Req request,
            Function<Resp, String> errorOf, Deadline deadline) {
        Call<Req, Resp> call = new Call<>(operation, method, request, errorOf, deadline);
        call.attempt();
        return call.result;
    }

    private final class Call<Req, Resp> {
        final String operation;
        final RpcMethod<Req, Resp> method;
        final Req request;
        final Function<Resp, String> errorOf;
        final Deadline deadline;
        final CompletableFuture<Resp> result = new CompletableFuture<>();
        final int firstIndex = leader;
        int attempts;
        int triedThisRound;
        int rounds;
        String lastError = "none";

        Call(String operation, RpcMethod<Req, Resp> method, Req request, Function<Resp, String> errorOf,
                Deadline deadline) {
            this.operation = operation;
            this.method = method;
            this.request = request;
            this.errorOf = errorOf;
            this.deadline = deadline;
        }

        void attempt() {
            if (deadline.expired()) {
                result.completeExceptionally(new PegasusException(ErrorCode.ERR_TIMEOUT, operation
                        + ": no meta server of " + metaServers + " answered as leader within "
                        + deadline.budget().toMillis() + " ms (" + attempts + " attempts); last error: " + lastError));
                return;
            }
            int index = (firstIndex + attempts) % metaServers.size();
            RpcAddress server = metaServers.get(index);
            long timeoutMs = Math.max(1, deadline.remainingMillis() / (metaServers.size() - triedThisRound));
            attempts++;
            rpc.call(server, method, request, timeoutMs).whenComplete((response, failure) -> {
                if (failure == null) {
                    onResponse(index, server, response);
                } else {
                    onFailure(server, failure);
                }
            });
        }

        private void onResponse(int index, RpcAddress server, Resp response) {
            ErrorCode error = ErrorCode.fromName(errorOf.apply(response));
            if (error == ErrorCode.ERR_FORWARD_TO_OTHERS || error == ErrorCode.ERR_SERVICE_NOT_ACTIVE) {
                lastError = error + " from " + server;
                next();
                return;
            }
            leader = index;
            result.complete(response);
        }

        private void onFailure(RpcAddress server, Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof RpcException rpcFailure)) {
                result.completeExceptionally(new PegasusException(ErrorCode.ERR_UNKNOWN,
                        operation + " at meta server " + server + " failed: " + cause, cause));
                return;
            }
            ErrorCode code = rpcFailure.code();
            lastError = rpcFailure.getMessage();
            if (code == ErrorCode.ERR_FORWARD_TO_OTHERS || code == ErrorCode.ERR_SESSION_RESET
                    || code == ErrorCode.ERR_TIMEOUT || code == ErrorCode.ERR_NETWORK_FAILURE
                    || code.needsBackoff()) {
                LOG.debug("{}: meta server {} did not serve the request: {}", operation, server, lastError);
                next();
                return;
            }
            result.completeExceptionally(new PegasusException(code,
                    operation + " at meta server " + server + " failed: " + rpcFailure.getMessage(), rpcFailure));
        }

        private void next() {
            triedThisRound++;
            if (triedThisRound < metaServers.size()) {
                attempt();
                return;
            }
            triedThisRound = 0;
            rounds++;
            long delay = Math.min(retryPolicy.backoffMillis(rounds), deadline.remainingMillis());
            try {
                timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new PegasusException(ErrorCode.ERR_SESSION_RESET,
                        operation + ": the client is closed"));
            }
        }
    }
}
