package dev.pegasus.server.replica;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcMethod;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the meta servers from a replica server: tries them in turn, starting with the one that
 * answered last, moving on when one redirects (it is not the leader), fails or times out.
 */
final class MetaClient {
    private static final Logger LOG = LoggerFactory.getLogger(MetaClient.class);

    private final RpcClient rpc;
    private final List<RpcAddress> metaServers;
    private final long timeoutMs;
    private final AtomicInteger current = new AtomicInteger();

    MetaClient(RpcClient rpc, List<RpcAddress> metaServers, long timeoutMs) {
        this.rpc = rpc;
        this.metaServers = List.copyOf(metaServers);
        this.timeoutMs = timeoutMs;
    }

    /** The first answer any meta server gives, or empty when none does. Never blocks the caller. */
    <Req, Resp> CompletableFuture<Optional<Resp>> call(RpcMethod<Req, Resp> method, Req request) {
        return attempt(method, request, current.get(), metaServers.size());
    }

    private <Req, Resp> CompletableFuture<Optional<Resp>> attempt(RpcMethod<Req, Resp> method, Req request, int index,
            int attemptsLeft) {
        if (attemptsLeft == 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        RpcAddress meta = metaServers.get(index % metaServers.size());
        return rpc.call(meta, method, request, timeoutMs).handle((response, failure) -> {
            if (failure == null) {
                current.set(index % metaServers.size());
                return CompletableFuture.completedFuture(Optional.of(response));
            }
            LOG.debug("{} to meta server {} failed: {}", method, meta, failure.toString());
            return attempt(method, request, index + 1, attemptsLeft - 1);
        }).thenCompose(next -> next);
    }
}
