package dev.pegasus.client;

import dev.pegasus.protocol.thrift.backup_status;

/** Where a backup stands as a whole; a failed backup is not used for restores. */
public enum BackupStatus {
    RUNNING(backup_status.BS_RUNNING),
    SUCCEEDED(backup_status.BS_SUCCEEDED),
    FAILED(backup_status.BS_FAILED);

    private final backup_status wire;

    BackupStatus(backup_status wire) {
        this.wire = wire;
    }

    backup_status wire() {
        return wire;
    }

    static BackupStatus from(backup_status wire) {
        return Wire.fromWire(BackupStatus.class, BackupStatus::wire, wire, "backup status");
    }
}
