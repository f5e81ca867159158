package dev.pegasus.spark;

import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.ErrorCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes records to one table in batches, with a bounded number of batches under way (the permits of
 * a semaphore shared with other writers in the JVM). A batch that fails with a transient error (a
 * stale route, a busy or reconfiguring partition, a timeout) is sent again, up to a number of retries,
 * after a growing pause; writes are upserts, so sending one twice is harmless.
 *
 * <p>Not thread-safe: one writer per task. The first failure that retries did not cure is raised by
 * the next {@link #add} or by {@link #flush}.
 */
final class BatchingWriter {
    private static final Set<ErrorCode> TRANSIENT = EnumSet.of(ErrorCode.ERR_TIMEOUT, ErrorCode.ERR_NOT_ENOUGH_MEMBER,
            ErrorCode.ERR_CAPACITY_EXCEEDED, ErrorCode.ERR_OBJECT_NOT_FOUND, ErrorCode.ERR_INVALID_STATE,
            ErrorCode.ERR_PARENT_PARTITION_MISUSED, ErrorCode.ERR_FORWARD_TO_OTHERS, ErrorCode.ERR_NETWORK_FAILURE,
            ErrorCode.ERR_SESSION_RESET, ErrorCode.ERR_BUSY, ErrorCode.ERR_TRY_AGAIN, ErrorCode.ERR_SPLITTING,
            ErrorCode.ERR_INACTIVE_STATE);
    private static final long FIRST_PAUSE_MS = 100;

    private final PegasusTable table;
    private final Semaphore inflight;
    private final int batchSize;
    private final int retries;
    /** Records waiting for a batch, by TTL: one batch request carries one TTL. */
    private final Map<Integer, List<FullKeyValue>> buffers = new HashMap<>();
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long written;

    BatchingWriter(PegasusTable table, Semaphore inflight, int batchSize, int retries) {
        this.table = table;
        this.inflight = inflight;
        this.batchSize = batchSize;
        this.retries = retries;
    }

    void add(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) throws IOException {
        raiseFailure();
        List<FullKeyValue> buffer = buffers.computeIfAbsent(ttlSeconds, ttl -> new ArrayList<>(batchSize));
        buffer.add(new FullKeyValue(hashKey, sortKey, value));
        if (buffer.size() >= batchSize) {
            buffers.remove(ttlSeconds);
            send(buffer, ttlSeconds);
        }
    }

    /** Sends what is buffered and waits until every batch is written; returns the records written so far. */
    long flush() throws IOException {
        for (Map.Entry<Integer, List<FullKeyValue>> entry : List.copyOf(buffers.entrySet())) {
            send(entry.getValue(), entry.getKey());
        }
        buffers.clear();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for batches written to " + table.name());
        } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
        }
        raiseFailure();
        return written;
    }

    private void send(List<FullKeyValue> batch, int ttlSeconds) throws IOException {
        try {
            inflight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send a batch to " + table.name());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(done);
        attempt(batch, ttlSeconds, 0, done);
        done.whenComplete((ok, error) -> {
            inflight.release();
            pending.remove(done);
        });
        written += batch.size();
    }

    private void attempt(List<FullKeyValue> batch, int ttlSeconds, int attempt, CompletableFuture<Void> done) {
        table.asyncBatchSet(batch, ttlSeconds).whenComplete((ok, error) -> {
            if (error == null) {
                done.complete(null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (attempt < retries && cause instanceof PegasusException pe && TRANSIENT.contains(pe.code())) {
                long pause = FIRST_PAUSE_MS << attempt;
                CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(batch, ttlSeconds, attempt + 1, done));
                return;
            }
            failure.compareAndSet(null, cause);
            done.completeExceptionally(cause);
        });
    }

    private void raiseFailure() throws IOException {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new IOException("writing a batch to table " + table.name() + " failed after up to " + retries
                    + " retries: " + cause.getMessage(), cause);
        }
    }
}
