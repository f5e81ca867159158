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
    private final long batchBytes;
    private final int retries;
    /** Records waiting for a batch, by TTL: one batch request carries one TTL. */
    private final Map<Integer, Buffer> buffers = new HashMap<>();
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long written;

    /**
     * @param batchBytes a batch is sent before its keys and values reach this many bytes, so that it
     *                   stays within the client's request size limit
     */
    BatchingWriter(PegasusTable table, Semaphore inflight, int batchSize, long batchBytes, int retries) {
        this.table = table;
        this.inflight = inflight;
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
        this.retries = retries;
    }

    /** The records of one future batch and their size. */
    private static final class Buffer {
        final List<FullKeyValue> records = new ArrayList<>();
        long bytes;
    }

    void add(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) throws IOException {
        raiseFailure();
        long size = (long) hashKey.length + sortKey.length + value.length;
        Buffer buffer = buffers.get(ttlSeconds);
        if (buffer != null && buffer.bytes + size > batchBytes) {
            buffers.remove(ttlSeconds);
            send(buffer.records, ttlSeconds);
            buffer = null;
        }
        if (buffer == null) {
            buffer = new Buffer();
            buffers.put(ttlSeconds, buffer);
        }
        buffer.records.add(new FullKeyValue(hashKey, sortKey, value));
        buffer.bytes += size;
        if (buffer.records.size() >= batchSize) {
            buffers.remove(ttlSeconds);
            send(buffer.records, ttlSeconds);
        }
    }

    /** Sends what is buffered and waits until every batch is written; returns the records written so far. */
    long flush() throws IOException {
        for (Map.Entry<Integer, Buffer> entry : List.copyOf(buffers.entrySet())) {
            send(entry.getValue().records, entry.getKey());
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
        CompletableFuture<Void> call;
        try {
            call = table.asyncBatchSet(batch, ttlSeconds);
        } catch (RuntimeException e) {
            // Refused before sending (a key or value over the limits): fail the batch, not the thread.
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((ok, error) -> {
            if (error == null) {
                done.complete(null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
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
