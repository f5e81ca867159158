package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.protocol.thrift.checkpoint_chunk_response;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One checkpoint on its way to one learner: sends its chunks in order over one pipelined connection
 * with at most {@code maxInFlight} unanswered, and completes with the learner's {@code installed}
 * answer to the last chunk, or with the first error.
 *
 * <p>The first chunk goes alone: it opens the connection, and calls queued on a connection still
 * being opened may leave in any order. Once it is answered the window opens; the connection then
 * keeps calls in the order they were made, which {@link #pump} makes under the lock.
 *
 * <p>Answers are handled on {@code executor} (which also reads the next chunks from disk), never on
 * the RPC client's IO threads.
 */
final class Shipment {
    private final RpcClient rpc;
    private final RpcAddress learner;
    private final Gpid gpid;
    private final ChunkReader reader;
    private final int maxInFlight;
    private final long callTimeoutMs;
    private final Executor executor;
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();
    /** Guarded by this: chunks sent and not answered yet. */
    private int inFlight;
    /** Guarded by this: whether any chunk was answered, which means the connection is up. */
    private boolean connected;

    Shipment(RpcClient rpc, RpcAddress learner, Gpid gpid, ChunkReader reader, int maxInFlight, long callTimeoutMs,
             Executor executor) {
        this.rpc = rpc;
        this.learner = learner;
        this.gpid = gpid;
        this.reader = reader;
        this.maxInFlight = maxInFlight;
        this.callTimeoutMs = callTimeoutMs;
        this.executor = executor;
    }

    /** Starts sending; the future completes once, and no chunk is sent after it did. */
    CompletableFuture<Boolean> start() {
        executor.execute(this::pump);
        return result;
    }

    private synchronized void pump() {
        int window = connected ? maxInFlight : 1;
        while (!result.isDone() && inFlight < window && reader.hasNext()) {
            checkpoint_chunk chunk;
            try {
                chunk = reader.next();
            } catch (IOException | RuntimeException e) {
                finish(null, new RpcException(ErrorCode.ERR_FILE_OPERATION_FAILED,
                        "cannot read the checkpoint for " + learner + ": " + e.getMessage(), e));
                return;
            }
            inFlight++;
            rpc.call(learner, RpcMethods.REPLICA_CHECKPOINT_CHUNK, gpid, 0, chunk, callTimeoutMs)
                    .whenCompleteAsync((response, failure) -> onAnswer(chunk, response, failure), executor);
        }
    }

    private synchronized void onAnswer(checkpoint_chunk chunk, checkpoint_chunk_response response, Throwable failure) {
        inFlight--;
        connected = true;
        if (result.isDone()) {
            return;
        }
        ErrorCode code = failure != null ? codeOf(failure) : ErrorCode.fromName(response.getErr());
        if (code != ErrorCode.ERR_OK) {
            finish(null, new RpcException(code, "learner " + learner + " of " + gpid + " failed file "
                    + chunk.getFile_name() + " at offset " + chunk.getOffset()
                    + (failure != null ? ": " + unwrap(failure).getMessage() : ""), failure));
        } else if (chunk.isLast()) {
            finish(response.isInstalled(), null);
        } else {
            pump();
        }
    }

    private void finish(Boolean installed, RpcException failure) {
        try {
            reader.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(installed);
        }
    }

    private static ErrorCode codeOf(Throwable failure) {
        return unwrap(failure) instanceof RpcException rpc ? rpc.code() : ErrorCode.ERR_UNKNOWN;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
