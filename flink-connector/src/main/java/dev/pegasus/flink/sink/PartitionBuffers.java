package dev.pegasus.flink.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records waiting to be sent, one queue per partition, and which partitions have a batch in flight.
 * A partition has at most one batch in flight, so its records reach it in the order they came.
 * Not thread-safe: used from the sink's task thread only.
 */
final class PartitionBuffers {
    private final Map<Integer, ArrayDeque<PendingWrite>> waiting = new HashMap<>();
    private final Set<Integer> busy = new HashSet<>();
    private final int maxBatchSize;

    PartitionBuffers(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    /** Queues a record; returns whether its partition now has a full batch waiting. */
    boolean add(int partition, PendingWrite write) {
        ArrayDeque<PendingWrite> queue = waiting.computeIfAbsent(partition, p -> new ArrayDeque<>());
        queue.add(write);
        return queue.size() >= maxBatchSize;
    }

    /**
     * Takes the next batch of a partition with nothing in flight and marks the partition busy.
     *
     * @param fullOnly only a partition with a full batch waiting
     */
    Optional<Batch> takeBatch(boolean fullOnly) {
        for (Map.Entry<Integer, ArrayDeque<PendingWrite>> entry : waiting.entrySet()) {
            ArrayDeque<PendingWrite> queue = entry.getValue();
            int partition = entry.getKey();
            if (busy.contains(partition) || queue.isEmpty() || (fullOnly && queue.size() < maxBatchSize)) {
                continue;
            }
            List<PendingWrite> records = new ArrayList<>(Math.min(queue.size(), maxBatchSize));
            while (!queue.isEmpty() && records.size() < maxBatchSize) {
                records.add(queue.poll());
            }
            busy.add(partition);
            return Optional.of(new Batch(partition, records));
        }
        return Optional.empty();
    }

    /** The partition's batch has been answered; its next batch may go. */
    void release(int partition) {
        busy.remove(partition);
    }

    /** A batch of one partition. */
    record Batch(int partition, List<PendingWrite> records) {
    }
}
