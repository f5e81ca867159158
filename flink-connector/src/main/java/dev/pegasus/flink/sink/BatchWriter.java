package dev.pegasus.flink.sink;

import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.SortKeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Sends one batch of records of one partition. Records of one hash key go out one request after the
 * other, in the order the sink took them, so a later write of a key never overtakes an earlier one;
 * hash keys go out in parallel, as far as the subtask's {@link RequestGate} lets them. Consecutive sets of one hash key with one TTL travel as a single
 * multi-set (one request, applied atomically), the last value of a repeated sort key winning.
 *
 * <p>When a request fails, the records of that hash key from it on are not sent and come back as
 * unwritten, still in order, for the sink to retry or to fail on.
 */
final class BatchWriter {
    private final PegasusTable table;
    private final RequestGate gate;
    private final long maxRequestBytes;

    /**
     * @param gate bounds the requests in flight of every batch of the subtask
     * @param maxRequestBytes merged multi-sets stay under this size, the client's request limit
     */
    BatchWriter(PegasusTable table, RequestGate gate, long maxRequestBytes) {
        this.table = table;
        this.gate = gate;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Never completes exceptionally: failures are reported in the outcome. */
    CompletableFuture<BatchOutcome> write(List<PendingWrite> batch) {
        Map<ByteBuffer, List<PendingWrite>> byHashKey = new LinkedHashMap<>();
        for (PendingWrite write : batch) {
            byHashKey.computeIfAbsent(ByteBuffer.wrap(write.record().hashKey()), k -> new ArrayList<>()).add(write);
        }
        List<CompletableFuture<BatchOutcome>> chains = new ArrayList<>(byHashKey.size());
        for (List<PendingWrite> writes : byHashKey.values()) {
            CompletableFuture<BatchOutcome> chain = new CompletableFuture<>();
            sendFrom(requests(writes), 0, chain);
            chains.add(chain);
        }
        return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).thenApply(done -> combine(chains));
    }

    private static BatchOutcome combine(List<CompletableFuture<BatchOutcome>> chains) {
        List<PendingWrite> written = new ArrayList<>();
        List<PendingWrite> unwritten = new ArrayList<>();
        Optional<Throwable> error = Optional.empty();
        for (CompletableFuture<BatchOutcome> chain : chains) {
            BatchOutcome outcome = chain.join();
            written.addAll(outcome.written());
            unwritten.addAll(outcome.unwritten());
            if (error.isEmpty()) {
                error = outcome.error();
            }
        }
        return new BatchOutcome(written, unwritten, error);
    }

    /** One request to the table and the records it carries. */
    private record Request(List<PendingWrite> writes, Supplier<CompletableFuture<?>> send) {
    }

    private void sendFrom(List<Request> requests, int index, CompletableFuture<BatchOutcome> chain) {
        if (index == requests.size()) {
            chain.complete(BatchOutcome.allWritten(writesOf(requests, 0, index)));
            return;
        }
        gate.submit(requests.get(index).send()).whenComplete((ignored, failure) -> {
            if (failure == null) {
                sendFrom(requests, index + 1, chain);
            } else {
                chain.complete(new BatchOutcome(writesOf(requests, 0, index), writesOf(requests, index, requests.size()),
                        Optional.of(RetriableErrors.unwrap(failure))));
            }
        });
    }

    private static List<PendingWrite> writesOf(List<Request> requests, int from, int to) {
        List<PendingWrite> writes = new ArrayList<>();
        for (Request request : requests.subList(from, to)) {
            writes.addAll(request.writes());
        }
        return writes;
    }

    /** The requests for the records of one hash key, in order. */
    private List<Request> requests(List<PendingWrite> writes) {
        List<Request> requests = new ArrayList<>();
        int i = 0;
        while (i < writes.size()) {
            int end = mergeableRunEnd(writes, i);
            if (end - i > 1) {
                requests.add(multiSetOf(writes.subList(i, end)));
            } else {
                requests.add(single(writes.get(i)));
            }
            i = end;
        }
        return requests;
    }

    /** The end of the run of sets and multi-sets from {@code start} that can share one multi-set. */
    private int mergeableRunEnd(List<PendingWrite> writes, int start) {
        PegasusRecord first = writes.get(start).record();
        if (!canMerge(first)) {
            return start + 1;
        }
        long bytes = first.sizeInBytes();
        int end = start + 1;
        while (end < writes.size()) {
            PegasusRecord next = writes.get(end).record();
            bytes += next.sizeInBytes();
            if (!canMerge(next) || next.ttlSeconds() != first.ttlSeconds() || bytes > maxRequestBytes) {
                break;
            }
            end++;
        }
        return end;
    }

    private static boolean canMerge(PegasusRecord record) {
        return record.hashKey().length > 0
                && (record.operation() == PegasusRecord.Operation.SET || record.operation() == PegasusRecord.Operation.MULTI_SET);
    }

    private Request multiSetOf(List<PendingWrite> writes) {
        Map<ByteBuffer, SortKeyValue> latest = new LinkedHashMap<>();
        for (PendingWrite write : writes) {
            PegasusRecord record = write.record();
            List<SortKeyValue> entries = record.operation() == PegasusRecord.Operation.SET
                    ? List.of(new SortKeyValue(record.sortKey(), record.value())) : record.values();
            for (SortKeyValue entry : entries) {
                latest.put(ByteBuffer.wrap(entry.sortKey()), entry);
            }
        }
        PegasusRecord first = writes.get(0).record();
        List<SortKeyValue> values = List.copyOf(latest.values());
        return new Request(List.copyOf(writes),
                () -> table.asyncMultiSet(first.hashKey(), values, first.ttlSeconds()));
    }

    private Request single(PendingWrite write) {
        PegasusRecord r = write.record();
        Supplier<CompletableFuture<?>> send = switch (r.operation()) {
            case SET -> () -> table.asyncSet(r.hashKey(), r.sortKey(), r.value(), r.ttlSeconds());
            case DEL -> () -> table.asyncDel(r.hashKey(), r.sortKey());
            case MULTI_SET -> () -> table.asyncMultiSet(r.hashKey(), r.values(), r.ttlSeconds());
            case INCR -> () -> table.asyncIncr(r.hashKey(), r.sortKey(), r.increment(), r.ttlSeconds());
        };
        return new Request(List.of(write), send);
    }
}
