package dev.pegasus.flink.source;

import java.util.ArrayDeque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands partitions out one at a time to readers that ask, so faster readers take more partitions;
 * a reader that asks when none are left is told there are no more.
 */
final class SnapshotSplitEnumerator implements SplitEnumerator<PartitionSplit, PendingSplits> {
    private final SplitEnumeratorContext<PartitionSplit> context;
    private final ArrayDeque<PartitionSplit> pending;

    SnapshotSplitEnumerator(SplitEnumeratorContext<PartitionSplit> context, List<PartitionSplit> pending) {
        this.context = context;
        this.pending = new ArrayDeque<>(pending);
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        PartitionSplit next = pending.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtask);
        } else {
            context.assignSplit(next, subtask);
        }
    }

    /** Splits of a failed reader, with the progress of its last checkpoint, go to whoever asks next. */
    @Override
    public void addSplitsBack(List<PartitionSplit> splits, int subtask) {
        splits.forEach(pending::addFirst);
    }

    @Override
    public void addReader(int subtask) {
        // readers ask for splits themselves when they start
    }

    @Override
    public PendingSplits snapshotState(long checkpointId) {
        return new PendingSplits(List.copyOf(pending));
    }

    @Override
    public void close() {
    }
}
