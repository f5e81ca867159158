package dev.pegasus.client;

import dev.pegasus.protocol.thrift.bulk_load_control;

/** What {@link PegasusAdmin#controlBulkLoad} does to a table's bulk load; refused once it is ingesting. */
public enum BulkLoadControl {
    /** Stops transfers; files already downloaded are kept. */
    PAUSE(bulk_load_control.BLC_PAUSE),
    RESUME(bulk_load_control.BLC_RESUME),
    /** Ends the load; the table keeps its data unchanged. */
    CANCEL(bulk_load_control.BLC_CANCEL);

    private final bulk_load_control wire;

    BulkLoadControl(bulk_load_control wire) {
        this.wire = wire;
    }

    bulk_load_control wire() {
        return wire;
    }
}
