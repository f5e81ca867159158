package dev.pegasus.protocol.rpc;

import java.util.concurrent.CompletionStage;

/**
 * Serves one RPC. The stage completes with the result, or exceptionally with an {@link RpcException}
 * whose code goes into the response frame (other exceptions are answered with ERR_UNKNOWN).
 */
@FunctionalInterface
public interface RpcHandler<Req, Resp> {
    CompletionStage<Resp> handle(RequestContext context, Req request);
}
