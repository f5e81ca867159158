package dev.pegasus.flink.source;

/** A split being read: counts the records emitted, the progress its checkpoint records. */
final class PartitionSplitState {
    private final PartitionSplit split;
    private long emitted;

    PartitionSplitState(PartitionSplit split) {
        this.split = split;
        this.emitted = split.recordsEmitted();
    }

    void emitted() {
        emitted++;
    }

    PartitionSplit toSplit() {
        return split.resumedAfter(emitted);
    }
}
