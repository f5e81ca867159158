package dev.pegasus.client;

import dev.pegasus.protocol.thrift.split_status;

/** Where a split under way stands; see {@link SplitStatus}. */
public enum SplitState {
    /** Parents are being split and their children registered. */
    SPLITTING(split_status.SS_SPLITTING),
    /** Paused: no parent starts splitting; children already copied are still registered. */
    PAUSED(split_status.SS_PAUSED),
    /** Cancelled: parents that copied their data undo it, then the table is back to its old count. */
    CANCELING(split_status.SS_CANCELING);

    private final split_status wire;

    SplitState(split_status wire) {
        this.wire = wire;
    }

    split_status wire() {
        return wire;
    }

    static SplitState from(split_status wire) {
        return Wire.fromWire(SplitState.class, SplitState::wire, wire, "split state");
    }
}
