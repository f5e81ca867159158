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
import java.util.ArrayDeque;
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
 * the RPC client's IO threads, and in the order the chunks were sent, whatever order the executor
 * runs them in: the first failure in that order is the cause, later ones (chunks the learner
 * refused because the transfer was already aborted) only its consequences.
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
    /** Guarded by this: chunks sent and not handled yet, in the order they were sent. */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    /** Guarded by this: whether any chunk was answered, which means the connection is up. */
    private boolean connected;

    private record Sent(checkpoint_chunk chunk, CompletableFuture<checkpoint_chunk_response> answer) {}

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
        if (!reader.hasNext()) {
            finish(null, new RpcException(ErrorCode.ERR_INVALID_PARAMETERS, "a checkpoint without files"));
        } else {
            executor.execute(this::pump);
        }
        return result;
    }

    private synchronized void pump() {
        int window = connected ? maxInFlight : 1;
        while (!result.isDone() && inFlight.size() < window && reader.hasNext()) {
            checkpoint_chunk chunk;
            try {
                chunk = reader.next();
            } catch (IOException | RuntimeException e) {
                finish(null, new RpcException(ErrorCode.ERR_FILE_OPERATION_FAILED,
                        "cannot read the checkpoint for " + learner + ": " + e.getMessage(), e));
                return;
            }
            CompletableFuture<checkpoint_chunk_response> answer =
                    rpc.call(learner, RpcMethods.REPLICA_CHECKPOINT_CHUNK, gpid, 0, chunk, callTimeoutMs);
            inFlight.add(new Sent(chunk, answer));
            answer.whenCompleteAsync((response, failure) -> onAnswers(), executor);
        }
    }

    /** Handles the answers that arrived, oldest chunk first, stopping at one still awaited. */
    private synchronized void onAnswers() {
        while (!inFlight.isEmpty() && inFlight.peek().answer().isDone()) {
            Sent sent = inFlight.poll();
            connected = true;
            if (!result.isDone()) {
                // The answer is complete, so this runs now, on this thread, under the lock.
                sent.answer().whenComplete((response, failure) -> handle(sent.chunk(), response, failure));
            }
        }
        pump();
    }

    private void handle(checkpoint_chunk chunk, checkpoint_chunk_response response, Throwable failure) {
        ErrorCode code = failure != null ? codeOf(failure) : ErrorCode.fromName(response.getErr());
        if (code != ErrorCode.ERR_OK) {
            finish(null, new RpcException(code, "learner " + learner + " of " + gpid + " failed file "
                    + chunk.getFile_name() + " at offset " + chunk.getOffset()
                    + (failure != null ? ": " + unwrap(failure).getMessage() : ""), failure));
        } else if (chunk.isLast()) {
            finish(response.isInstalled(), null);
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
