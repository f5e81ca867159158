package dev.pegasus.client;

import dev.pegasus.protocol.thrift.decommission_op;

/** What {@link PegasusAdmin#decommission} does to a replica server. */
public enum DecommissionAction {
    /** Drain it: every replica moves away, after which it may be stopped for good. */
    START(decommission_op.DO_START),
    /** Keep it after all: it receives replicas again. */
    CANCEL(decommission_op.DO_CANCEL),
    /** Change nothing; only report how far draining is. */
    QUERY(decommission_op.DO_QUERY);

    private final decommission_op wire;

    DecommissionAction(decommission_op wire) {
        this.wire = wire;
    }

    decommission_op wire() {
        return wire;
    }
}
