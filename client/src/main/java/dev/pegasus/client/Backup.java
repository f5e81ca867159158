package dev.pegasus.client;

import dev.pegasus.protocol.thrift.backup_item;
import dev.pegasus.protocol.thrift.backup_state;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backup the meta server runs or remembers, with the upload of each partition.
 *
 * @param root the backup root it was written under, which a restore names
 * @param endTime empty while it runs
 * @param partitions one per partition of the table, by index
 * @param policy the backup policy that started it; empty for one started by hand
 * @param error why it failed, if it did
 */
public record Backup(String backupId, String table, String root, BackupStatus status, Instant startTime,
        Optional<Instant> endTime, int partitionCount, List<BackupPartition> partitions, Optional<String> policy,
        Optional<String> error) {
    public Backup {
        partitions = List.copyOf(partitions);
    }

    static Backup from(backup_item item) {
        backup_state state = item.getState();
        return new Backup(state.getBackup_id(), state.getApp_name(), state.getRoot(),
                BackupStatus.from(state.getStatus()), Instant.ofEpochMilli(state.getStart_time_ms()),
                Wire.millisIfSet(state.getEnd_time_ms()), state.getPartition_count(),
                Wire.list(item.getProgress()).stream().map(BackupPartition::from).toList(),
                Optional.ofNullable(state.getPolicy_name()), Optional.ofNullable(state.getError()));
    }
}
