package dev.pegasus.client;

import dev.pegasus.protocol.thrift.split_control;

/** What {@link PegasusAdmin#controlSplit} does to a table's split under way. */
public enum SplitControl {
    /** No further parent starts splitting; children already copied are still registered. */
    PAUSE(split_control.SC_PAUSE),
    /** Parents start splitting again. */
    RESUME(split_control.SC_RESUME),
    /** Back to the old partition count; refused once any parent has split. */
    CANCEL(split_control.SC_CANCEL);

    private final split_control wire;

    SplitControl(split_control wire) {
        this.wire = wire;
    }

    split_control wire() {
        return wire;
    }
}
