package dev.pegasus.client;

import dev.pegasus.protocol.thrift.duplication_status;

/** Where a duplication stands, as Apache Pegasus names the states (DS_INIT ... DS_REMOVED). */
public enum DuplicationStatus {
    INIT(duplication_status.DS_INIT),
    /** Checkpoints of the source are being copied to the remote cluster. */
    PREPARE(duplication_status.DS_PREPARE),
    /** The remote table is being loaded from those checkpoints. */
    APP(duplication_status.DS_APP),
    /** Primaries ship their committed writes to the remote cluster. */
    LOG(duplication_status.DS_LOG),
    /** Shipping stopped; the source keeps its log for a later start. */
    PAUSE(duplication_status.DS_PAUSE),
    REMOVED(duplication_status.DS_REMOVED);

    private final duplication_status wire;

    DuplicationStatus(duplication_status wire) {
        this.wire = wire;
    }

    duplication_status wire() {
        return wire;
    }

    static DuplicationStatus from(duplication_status wire) {
        for (DuplicationStatus status : values()) {
            if (status.wire == wire) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown duplication status " + wire);
    }
}
