package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.backup_partition_phase;
import dev.pegasus.protocol.thrift.backup_partition_state;
import dev.pegasus.protocol.thrift.backup_state;
import dev.pegasus.protocol.thrift.backup_status;
import dev.pegasus.protocol.thrift.duplication_state;
import dev.pegasus.protocol.thrift.duplication_status;
import dev.pegasus.protocol.thrift.start_backup_response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the remote table of a full duplication with the source's data, reusing backup and restore:
 * once every primary has said where its shipping starts (its log is kept from there), the table is
 * backed up under the duplication's checkpoint root (DS_PREPARE); the remote cluster restores that
 * backup as its table of the same name (DS_APP); once every remote partition serves, the duplication
 * ships from each partition's checkpoint decree (DS_LOG). Each step is stored before the next is
 * taken, so a new meta leader resumes the copy: it adopts a backup its predecessor started but did
 * not record, and a remote table restored by an earlier request counts only if it came from this
 * backup. Runs on the duplication thread, one round at a time.
 */
final class FullDuplicationCopies {
    private static final Logger LOG = LoggerFactory.getLogger(FullDuplicationCopies.class);

    /** Starts a backup of a table under a root, on the thread that runs backups. */
    interface BackupStarter {
        start_backup_response start(String table, String root) throws Exception;
    }

    private final DuplicationCoordinator duplications;
    private final BackupCoordinator backups;
    private final BackupStarter backupStarter;
    private final TableManager tables;
    private final RemoteClusters remotes;
    private final DuplicationOptions options;

    FullDuplicationCopies(DuplicationCoordinator duplications, BackupCoordinator backups, BackupStarter backupStarter,
            TableManager tables, RemoteClusters remotes, DuplicationOptions options) {
        this.duplications = duplications;
        this.backups = backups;
        this.backupStarter = backupStarter;
        this.tables = tables;
        this.remotes = remotes;
        this.options = options;
    }

    /**
     * One round: moves each full duplication whose copy is under way as far as it can go now. One that
     * fails (ZooKeeper, the remote, the backup thread) is tried again next round and holds up no other.
     */
    void advance() {
        for (duplication_state duplication : duplications.copying()) {
            try {
                if (duplication.getStatus() == duplication_status.DS_PREPARE) {
                    copyCheckpoints(duplication);
                } else {
                    awaitRemoteLoaded(duplication);
                }
            } catch (Exception e) {
                LOG.warn("duplication {}: the copy of table '{}' did not advance; trying again", duplication.getDupid(),
                        duplication.getApp_name(), e);
                duplications.note(duplication.getDupid(), "the copy did not advance (" + e + "); trying again");
            }
        }
    }

    private void copyCheckpoints(duplication_state duplication) throws Exception {
        int dupid = duplication.getDupid();
        if (!duplication.isSetCheckpoint_backup_id()) {
            if (!duplications.started(dupid)) {
                duplications.note(dupid, "waiting for every primary to say the decree its shipping starts after");
                return;
            }
            Optional<String> earlier = backupStartedFor(duplication);
            if (earlier.isPresent()) {
                // A leader that failed right after starting it did not record it.
                duplications.update(dupid, state -> state.setCheckpoint_backup_id(earlier.get()));
                return;
            }
            start_backup_response started = backupStarter.start(duplication.getApp_name(),
                    duplication.getCheckpoint_root());
            if (!ErrorCode.ERR_OK.name().equals(started.getErr())) {
                duplications.note(dupid, "cannot copy the checkpoints yet (" + started.getHint_message()
                        + "); trying again");
                return;
            }
            duplications.update(dupid, state -> state.setCheckpoint_backup_id(started.getBackup_id()));
            duplications.note(dupid, "copying checkpoints to " + duplication.getCheckpoint_root() + " (backup "
                    + started.getBackup_id() + ")");
            return;
        }
        String backupId = duplication.getCheckpoint_backup_id();
        Optional<backup_state> backup = backups.find(backupId);
        if (backup.isEmpty() || backup.get().getStatus() == backup_status.BS_FAILED) {
            String why = backup.map(backup_state::getError).orElse("it was removed");
            LOG.warn("duplication {}: the copy of table '{}' (backup {}) failed: {}; copying again", dupid,
                    duplication.getApp_name(), backupId, why);
            duplications.update(dupid, state -> state.unsetCheckpoint_backup_id());
            duplications.note(dupid, "backup " + backupId + " failed (" + why + "); copying again");
            return;
        }
        if (backup.get().getStatus() == backup_status.BS_RUNNING) {
            long uploaded = backup.get().getPartitions().stream()
                    .filter(partition -> partition.getPhase() == backup_partition_phase.BP_UPLOADED).count();
            duplications.note(dupid, "copying checkpoints to " + duplication.getCheckpoint_root() + " (backup "
                    + backupId + "): " + uploaded + " of " + backup.get().getPartition_count() + " partitions copied");
            return;
        }
        try {
            remotes.restore(remoteMetas(duplication), duplication.getCheckpoint_root(), backupId,
                    duplication.getApp_name(), duplication.getApp_name());
        } catch (RemoteClusters.RemoteFailure e) {
            duplications.note(dupid, "cluster '" + duplication.getRemote_cluster() + "' does not load the copy yet: "
                    + e.getMessage());
            return;
        }
        duplications.update(dupid, state -> state.setStatus(duplication_status.DS_APP));
        duplications.note(dupid, "cluster '" + duplication.getRemote_cluster() + "' loads backup " + backupId
                + " into its table '" + duplication.getApp_name() + "'");
        LOG.info("duplication {}: table '{}' copied (backup {}); cluster '{}' loads it", dupid,
                duplication.getApp_name(), backupId, duplication.getRemote_cluster());
    }

    /** A backup of the table under the duplication's root started since it was added, and not failed. */
    private Optional<String> backupStartedFor(duplication_state duplication) {
        return backups.all().stream().filter(backup -> backup.getApp_id() == duplication.getAppid()
                        && backup.getRoot().equals(duplication.getCheckpoint_root())
                        && backup.getStart_time_ms() >= duplication.getCreate_ts()
                        && backup.getStatus() != backup_status.BS_FAILED)
                .map(backup_state::getBackup_id).reduce((first, later) -> later);
    }

    private void awaitRemoteLoaded(duplication_state duplication) throws Exception {
        int dupid = duplication.getDupid();
        RemoteClusters.RestoreProgress progress;
        try {
            progress = remotes.restoreProgress(remoteMetas(duplication), duplication.getApp_name());
        } catch (RemoteClusters.RemoteFailure e) {
            duplications.note(dupid, "cannot ask cluster '" + duplication.getRemote_cluster() + "' how its load"
                    + " stands: " + e.getMessage());
            return;
        }
        if (!progress.done()) {
            duplications.note(dupid, progress.served() + " of " + progress.partitions() + " partitions of table '"
                    + duplication.getApp_name() + "' in cluster '" + duplication.getRemote_cluster() + "' are loaded"
                    + progress.error().map(error -> "; " + error).orElse(""));
            return;
        }
        Map<Integer, Long> checkpointDecrees = checkpointDecrees(duplication);
        duplications.update(dupid, state -> {
            state.setStatus(duplication_status.DS_LOG);
            checkpointDecrees.forEach((index, decree) -> state.getConfirmed().merge(index, decree, Math::max));
        });
        LOG.info("duplication {}: cluster '{}' holds table '{}' as of its checkpoints; shipping from their decrees {}",
                dupid, duplication.getRemote_cluster(), duplication.getApp_name(), checkpointDecrees);
    }

    /**
     * The decree of each partition's copied checkpoint, which the remote now holds: shipping goes on
     * after it. None if the table's partitions split since, so their indexes name other key ranges:
     * then shipping starts where the primaries said, and what the copy already holds is shipped again.
     */
    private Map<Integer, Long> checkpointDecrees(duplication_state duplication) {
        Optional<backup_state> backup = backups.find(duplication.getCheckpoint_backup_id());
        int partitionCount = tables.table(duplication.getAppid()).map(table -> table.partitions().size()).orElse(-1);
        Map<Integer, Long> decrees = new HashMap<>();
        if (backup.isPresent() && backup.get().getPartition_count() == partitionCount) {
            for (backup_partition_state partition : backup.get().getPartitions()) {
                decrees.put(partition.getIndex(), partition.getDecree());
            }
        }
        return decrees;
    }

    private List<RpcAddress> remoteMetas(duplication_state duplication) {
        return options.remoteClusters().getOrDefault(duplication.getRemote_cluster(), List.of());
    }
}
