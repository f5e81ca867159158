package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.scan_request;
import dev.pegasus.protocol.thrift.scan_response;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its ranges one after another. A range starts with get_scanner, which returns the first batch and
 * a context id held by the serving replica; scan(context) returns the next batches until the context id
 * is -1. The context lives in one replica process: if that replica restarts, loses its primary role, or
 * expires the context, the scanner opens the range again just after the last key it received, so no
 * record is returned twice or skipped.
 *
 * <p>Round trips never overlap: each {@code next()} starts only when the previous one has completed.
 */
final class ScannerImpl implements PegasusScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ScannerImpl.class);
    /** No context: the next round trip opens the current range with get_scanner. */
    private static final long NOT_OPENED = -2;
    /** The server has returned every record of the current range. */
    private static final long COMPLETE = -1;

    private final TableContext ctx;
    private final ScanOptions options;
    private final Duration timeout;
    private final List<ScanRange> ranges;

    // All guarded by this.
    /** The last next() queued; the next one starts when it completes. */
    private CompletableFuture<KeyValue> tail = CompletableFuture.completedFuture(null);
    private final ArrayDeque<KeyValue> buffer = new ArrayDeque<>();
    private int rangeIndex;
    private long contextId = NOT_OPENED;
    /** Storage key of the last record received from the current range: where a re-opened scan resumes. */
    private byte[] lastKey;
    private boolean closed;

    ScannerImpl(TableContext ctx, ScanOptions options, List<ScanRange> ranges) {
        this.ctx = ctx;
        this.options = options;
        this.timeout = options.timeout().orElse(ctx.options().operationTimeout());
        this.ranges = List.copyOf(ranges);
    }

    @Override
    public KeyValue next() {
        return Futures.await(enqueue());
    }

    @Override
    public CompletableFuture<KeyValue> asyncNext() {
        return ctx.handOff(enqueue());
    }

    /** Queues a next() behind the previous one; its budget starts when it starts, not when it is queued. */
    private CompletableFuture<KeyValue> enqueue() {
        CompletableFuture<KeyValue> next = new CompletableFuture<>();
        CompletableFuture<KeyValue> previous;
        synchronized (this) {
            previous = tail;
            tail = next;
        }
        previous.handle((value, failure) -> null)
                .thenCompose(ignored -> advance(Deadline.after(timeout)))
                .whenComplete((value, failure) -> {
                    if (failure != null) {
                        next.completeExceptionally(Futures.unwrap(failure));
                    } else {
                        next.complete(value);
                    }
                });
        return next;
    }

    /** Returns a buffered record, or fetches the next batch (of this range or the next) and tries again. */
    private CompletableFuture<KeyValue> advance(Deadline deadline) {
        ScanRange range;
        long context;
        byte[] resumeAfter;
        synchronized (this) {
            while (true) {
                if (closed || (buffer.isEmpty() && rangeIndex >= ranges.size())) {
                    return CompletableFuture.completedFuture(null);
                }
                if (!buffer.isEmpty()) {
                    return CompletableFuture.completedFuture(buffer.poll());
                }
                if (contextId != COMPLETE) {
                    break;
                }
                rangeIndex++;
                contextId = NOT_OPENED;
                lastKey = null;
            }
            range = ranges.get(rangeIndex);
            context = contextId;
            resumeAfter = lastKey;
        }
        CompletableFuture<scan_response> batch = context == NOT_OPENED
                ? open(range, resumeAfter, deadline)
                : continueScan(range, context, resumeAfter, deadline);
        return batch.thenCompose(response -> {
            accept(range, response);
            return advance(deadline);
        });
    }

    private CompletableFuture<scan_response> open(ScanRange range, byte[] resumeAfter, Deadline deadline) {
        get_scanner_request request = new get_scanner_request();
        request.setStart_key(resumeAfter == null ? range.startKey() : resumeAfter);
        request.setStart_inclusive(resumeAfter == null && range.startInclusive());
        request.setStop_key(range.stopKey());
        request.setStop_inclusive(range.stopInclusive());
        request.setBatch_size(options.batchSize());
        request.setNo_value(options.noValue());
        request.setHash_key_filter_type(options.hashKeyFilterType().wire());
        request.setHash_key_filter_pattern(options.hashKeyFilterPattern());
        request.setSort_key_filter_type(options.sortKeyFilterType().wire());
        request.setSort_key_filter_pattern(options.sortKeyFilterPattern());
        request.setNeed_check_hash(range.needCheckHash());
        return ctx.call("getScanner", range.partitionHash(), RpcMethods.RRDB_GET_SCANNER, request,
                RetryMode.SAFE_TO_REPEAT, deadline, response -> {
                    StorageResults.requireOk(response.getError(), "getScanner", ctx.name());
                    return response;
                });
    }

    /** Continues a context; if the context is gone, re-opens the range after {@code resumeAfter}. */
    private CompletableFuture<scan_response> continueScan(ScanRange range, long context, byte[] resumeAfter,
            Deadline deadline) {
        return ctx.call("scan", range.partitionHash(), RpcMethods.RRDB_SCAN, new scan_request(context),
                        RetryMode.SINGLE_ATTEMPT, deadline, Function.<scan_response>identity())
                .handle((response, failure) -> {
                    if (failure == null && response.getError() != StorageStatus.NOT_FOUND) {
                        StorageResults.requireOk(response.getError(), "scan", ctx.name());
                        return CompletableFuture.completedFuture(response);
                    }
                    if (failure != null && !contextLost(Futures.unwrap(failure))) {
                        return CompletableFuture.<scan_response>failedFuture(Futures.unwrap(failure));
                    }
                    LOG.debug("scan of table '{}' lost context {} ({}); re-opening {} after the last key received",
                            ctx.name(), context, failure == null ? "server no longer knows it" : failure.getMessage(),
                            range);
                    return open(range, resumeAfter, deadline);
                })
                .thenCompose(Function.identity());
    }

    /**
     * Failures after which the context cannot be continued but the range can be re-opened: the replica no
     * longer serves the partition, restarted, or is briefly overloaded. A timeout means the budget is spent.
     */
    private static boolean contextLost(Throwable failure) {
        if (!(failure instanceof PegasusException pegasus)) {
            return false;
        }
        ErrorCode code = pegasus.code();
        return code.needsRouteRefresh() || code.needsBackoff();
    }

    private synchronized void accept(ScanRange range, scan_response response) {
        List<key_value> kvs = response.getKvs();
        if (kvs != null) {
            for (key_value kv : kvs) {
                byte[] key = kv.getKey();
                buffer.add(new KeyValue(KeySchema.hashKey(key), KeySchema.sortKey(key),
                        PegasusTable.orEmpty(kv.getValue())));
                lastKey = key;
            }
        }
        contextId = response.getContext_id() < 0 ? COMPLETE : response.getContext_id();
        if (closed && contextId >= 0) {
            clear(range, contextId);
            contextId = COMPLETE;
        }
    }

    @Override
    public void close() {
        ScanRange range;
        long context;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            buffer.clear();
            if (contextId < 0) {
                return;
            }
            range = ranges.get(rangeIndex);
            context = contextId;
            contextId = COMPLETE;
        }
        clear(range, context);
    }

    /** Tells the replica to drop a context now rather than when it expires; best effort, one-way. */
    private void clear(ScanRange range, long context) {
        ctx.call("clearScanner", range.partitionHash(), RpcMethods.RRDB_CLEAR_SCANNER, context,
                        RetryMode.SINGLE_ATTEMPT, Deadline.after(timeout), Function.<Void>identity())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.debug("could not clear scan context {} of table '{}': {}", context, ctx.name(),
                                failure.getMessage());
                    }
                });
    }
}
