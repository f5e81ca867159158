package dev.pegasus.client;

import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.rpc.RpcMethod;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** What every operation of one opened table shares: its name, limits, and the client's call path. */
record TableContext(String name, ClientOptions options, PartitionCaller caller, RouteCache routes,
        Executor callbackExecutor, Requests requests) {

    /** Sends one request within the client's operation timeout. */
    <Req, Resp, T> CompletableFuture<T> call(String operation, long partitionHash, RpcMethod<Req, Resp> method,
            Req request, RetryMode retryMode, Function<Resp, T> read) {
        return call(operation, partitionHash, method, request, retryMode, Deadline.after(options.operationTimeout()),
                read);
    }

    /** Sends one request within what is left of a budget shared with other requests (a scanner's next()). */
    <Req, Resp, T> CompletableFuture<T> call(String operation, long partitionHash, RpcMethod<Req, Resp> method,
            Req request, RetryMode retryMode, Deadline deadline, Function<Resp, T> read) {
        return caller.call(new PartitionCall<>(name, operation, partitionHash, method, request, retryMode),
                deadline, read);
    }

    <T> CompletableFuture<T> handOff(CompletableFuture<T> internal) {
        return Futures.handOff(internal, callbackExecutor);
    }

    /** The current routes; opening a table loads them, so this waits only right after a drop. */
    TableRoutes currentRoutes() {
        return routes.cached(name).orElseGet(() -> Futures.await(routes.get(name)));
    }

    /**
     * expire_ts for a TTL, computed from this client's clock as Pegasus clients do: 0 for none; a negative
     * TTL is passed through (incr reads it as "clear the TTL").
     */
    static int expireTs(int ttlSeconds) {
        if (ttlSeconds <= 0) {
            return ttlSeconds;
        }
        return ValueSchema.expireTsForTtl(System.currentTimeMillis() / 1000, ttlSeconds);
    }
}
