package dev.pegasus.server.meta;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.*;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs backups of tables: a backup is persisted in ZooKeeper before it is acknowledged; the primary
 * of each partition not yet uploaded is handed a task in its config syncs ({@link #tasksFor}) until
 * it reports the partition uploaded ({@link #onReports}); once every partition is, the coordinator
 * checks that every file is in the file store and writes the backup manifest, the mark of a complete
 * backup. So a meta fail-over resumes from ZooKeeper, a dead primary's partition goes to the next
 * primary, and a backup either completes with all its files or fails.
 *
 * <p>Threading: {@link #tasksFor}, {@link #onReports} and {@link #status} run on network threads
 * from memory; everything that writes (ZooKeeper, the file store) runs on the caller of {@link
 * #start}, {@link #advance} and {@link #load}, one thread. In-memory state is guarded by this.
 */
final class BackupCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCoordinator.class);
    /** Failed attempts at one partition before the backup is given up. */
    static final int MAX_PARTITION_FAILURES = 3;

    private final MetaStateStore store;
    private final TableManager tables;
    private final FileStoreOpener fileStores;
    private final LongSupplier wallClockMillis;
    /** Invariant: equal to what ZooKeeper holds, by backup id (ids sort by start time). */
    private final Map<String, backup_state> backups = new TreeMap<>();
    /** What primaries last reported of uploads under way, by backup id and partition index. */
    private final Map<String, Map<Integer, backup_task_report>> reports = new HashMap<>();
    private final Map<String, RpcAddress> reporters = new HashMap<>();
    private long lastBackupId;

    /** Opens the file store of a backup root. */
    interface FileStoreOpener {
        FileStore open(String root) throws IOException;
    }

    BackupCoordinator(MetaStateStore store, TableManager tables, FileStoreOpener fileStores,
            LongSupplier wallClockMillis) {
        this.store = store;
        this.tables = tables;
        this.fileStores = fileStores;
        this.wallClockMillis = wallClockMillis;
    }

    /** After a take-over: the backups in ZooKeeper replace whatever this server knew. */
    void load() throws Exception {
        List<backup_state> loaded = store.loadBackups();
        synchronized (this) {
            backups.clear();
            reports.clear();
            reporters.clear();
            loaded.forEach(backup -> backups.put(backup.getBackup_id(), backup));
            lastBackupId = backups.keySet().stream().mapToLong(Long::parseLong).max().orElse(0);
        }
        LOG.info("loaded {} backups from ZooKeeper", loaded.size());
    }

    start_backup_response start(start_backup_request request) throws Exception {
        return start(request.getApp_name(), request.getBackup_root(), Optional.empty());
    }

    /** Starts a backup of the table into the root; refused when the table or root is unusable or busy. */
    start_backup_response start(String table, String root, Optional<String> policy) throws Exception {
        start_backup_response response = new start_backup_response();
        Optional<StoredTable> stored = tables.availableTable(table);
        if (stored.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + table + "' does not exist");
        }
        if (stored.get().info().isSplitting()) {
            return Refusals.refuse(response, ErrorCode.ERR_BUSY, "table '" + table + "' is splitting its partitions;"
                    + " back it up once the split has ended");
        }
        Optional<String> running = runningBackupOf(stored.get().appId());
        if (running.isPresent()) {
            return Refusals.refuse(response, ErrorCode.ERR_BUSY, "table '" + table + "' is being backed up already"
                    + " (backup " + running.get() + "); wait for it to finish");
        }
        try (FileStore files = fileStores.open(root)) {
            files.list("");
        } catch (IOException | RuntimeException e) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "cannot use backup root '" + root
                    + "': " + e.getMessage());
        }
        String id = nextBackupId();
        app_info info = stored.get().info();
        List<backup_partition_state> partitions = new ArrayList<>();
        for (int index = 0; index < info.getPartition_count(); index++) {
            partitions.add(new backup_partition_state().setIndex(index).setPhase(backup_partition_phase.BP_PENDING)
                    .setDir(""));
        }
        backup_state backup = new backup_state().setBackup_id(id).setApp_name(table).setApp_id(info.getApp_id())
                .setRoot(root).setStatus(backup_status.BS_RUNNING).setStart_time_ms(Long.parseLong(id))
                .setPartition_count(info.getPartition_count()).setReplica_count(info.getMax_replica_count())
                .setEnvs(new HashMap<>(info.getEnvs() == null ? Map.of() : info.getEnvs()))
                .setPartitions(partitions);
        policy.ifPresent(backup::setPolicy_name);
        persist(backup);
        LOG.info("backup {} of table '{}' ({} partitions) to {} started{}", id, table, partitions.size(), root,
                policy.map(name -> " by policy " + name).orElse(""));
        return response.setErr(ErrorCode.ERR_OK.name()).setBackup_id(id).setHint_message("backup " + id
                + " of table '" + table + "' started");
    }

    private synchronized String nextBackupId() {
        lastBackupId = Math.max(lastBackupId + 1, wallClockMillis.getAsLong());
        return Long.toString(lastBackupId);
    }

    synchronized Optional<String> runningBackupOf(int appId) {
        return backups.values().stream().filter(b -> b.getApp_id() == appId && b.getStatus() == backup_status.BS_RUNNING)
                .map(backup_state::getBackup_id).findFirst();
    }

    /** The tasks for a replica server: partitions of running backups it is the primary of, not yet uploaded. */
    synchronized List<backup_task> tasksFor(RpcAddress node) {
        List<backup_task> tasks = new ArrayList<>();
        for (backup_state backup : backups.values()) {
            if (backup.getStatus() != backup_status.BS_RUNNING) {
                continue;
            }
            for (backup_partition_state partition : backup.getPartitions()) {
                Gpid gpid = new Gpid(backup.getApp_id(), partition.getIndex());
                if (partition.getPhase() == backup_partition_phase.BP_PENDING && tables.availablePartition(gpid)
                        .flatMap(p -> p.config().primary()).filter(node::equals).isPresent()) {
                    tasks.add(new backup_task(backup.getBackup_id(), gpid.pack(), backup.getApp_name(),
                            backup.getPartition_count(), backup.getRoot()));
                }
            }
        }
        return tasks;
    }

    /** Records a replica server's reports; the uploaded and failed ones are settled by {@link #advance}. */
    synchronized void onReports(RpcAddress node, List<backup_task_report> reported) {
        for (backup_task_report report : reported) {
            backup_state backup = backups.get(report.getBackup_id());
            if (backup == null || backup.getStatus() != backup_status.BS_RUNNING) {
                continue;
            }
            int index = Gpid.unpack(report.getPid()).partitionIndex();
            reports.computeIfAbsent(report.getBackup_id(), id -> new HashMap<>()).put(index, report);
            reporters.put(report.getBackup_id() + "/" + index, node);
        }
    }

    /**
     * One round: settles reported uploads and failures, fails backups whose table is gone, and
     * completes backups whose partitions are all uploaded.
     */
    void advance() throws Exception {
        for (backup_state backup : running()) {
            backup_state next = backup.deepCopy();
            boolean changed = settleReports(next);
            if (tables.table(next.getApp_id()).filter(t -> t.info().getStatus() == app_status.AS_AVAILABLE).isEmpty()) {
                fail(next, "table '" + next.getApp_name() + "' was dropped during the backup");
                changed = true;
            } else if (next.getStatus() == backup_status.BS_RUNNING && allUploaded(next)) {
                complete(next);
                changed = true;
            }
            if (changed) {
                persist(next);
            }
        }
    }

    private synchronized List<backup_state> running() {
        return backups.values().stream().filter(b -> b.getStatus() == backup_status.BS_RUNNING)
                .map(backup_state::deepCopy).toList();
    }

    /** Applies the uploaded and failed reports to {@code backup}; whether anything changed. */
    private boolean settleReports(backup_state backup) {
        Map<Integer, backup_task_report> reported;
        synchronized (this) {
            reported = new HashMap<>(reports.getOrDefault(backup.getBackup_id(), Map.of()));
        }
        boolean changed = false;
        for (backup_partition_state partition : backup.getPartitions()) {
            backup_task_report report = reported.get(partition.getIndex());
            if (report == null || partition.getPhase() != backup_partition_phase.BP_PENDING) {
                continue;
            }
            if (report.getPhase() == backup_task_phase.BT_UPLOADED) {
                Optional<String> problem = checkUploaded(backup, report);
                if (problem.isEmpty()) {
                    partition.setPhase(backup_partition_phase.BP_UPLOADED).setDecree(report.getDecree())
                            .setDir(report.getDir()).setFile_count(report.getFile_count())
                            .setBytes(report.getBytes_total());
                    LOG.info("backup {}: partition {} uploaded at decree {} ({} files, {} bytes)",
                            backup.getBackup_id(), partition.getIndex(), report.getDecree(), report.getFile_count(),
                            report.getBytes_total());
                } else {
                    changed |= countFailure(backup, partition, problem.get());
                    forgetReport(backup.getBackup_id(), partition.getIndex());
                    continue;
                }
                changed = true;
            } else if (report.getPhase() == backup_task_phase.BT_FAILED) {
                changed |= countFailure(backup, partition, report.isSetError() ? report.getError() : "unknown error");
                forgetReport(backup.getBackup_id(), partition.getIndex());
            }
        }
        return changed;
    }

    private synchronized void forgetReport(String backupId, int index) {
        Map<Integer, backup_task_report> byIndex = reports.get(backupId);
        if (byIndex != null) {
            byIndex.remove(index);
        }
    }

    private boolean countFailure(backup_state backup, backup_partition_state partition, String error) {
        partition.setFailures(partition.getFailures() + 1);
        LOG.warn("backup {}: partition {} failed (attempt {} of {}): {}", backup.getBackup_id(), partition.getIndex(),
                partition.getFailures(), MAX_PARTITION_FAILURES, error);
        if (partition.getFailures() >= MAX_PARTITION_FAILURES) {
            fail(backup, "partition " + partition.getIndex() + " failed " + partition.getFailures() + " times; last: "
                    + error);
        }
        return true;
    }

    /** Reads back the partition manifest the primary says it wrote. */
    private Optional<String> checkUploaded(backup_state backup, backup_task_report report) {
        int index = Gpid.unpack(report.getPid()).partitionIndex();
        String path = BackupLayout.backupDir(backup.getApp_name(), backup.getBackup_id()) + "/" + report.getDir() + "/"
                + BackupLayout.PARTITION_MANIFEST;
        try (FileStore files = fileStores.open(backup.getRoot())) {
            PartitionManifest manifest = Manifests.read(files, path, PartitionManifest.class);
            if (manifest.partitionIndex() != index || manifest.decree() != report.getDecree()
                    || manifest.files().size() != report.getFile_count()) {
                return Optional.of("partition manifest " + files.describe(path) + " does not match the upload report");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read back the partition manifest " + path + ": " + e.getMessage());
        }
    }

    private static boolean allUploaded(backup_state backup) {
        return backup.getPartitions().stream().allMatch(p -> p.getPhase() == backup_partition_phase.BP_UPLOADED);
    }

    /**
     * Checks every file of every partition is in the file store with its length, then writes the
     * backup manifest; a failure to do so fails the backup, naming the file.
     */
    private void complete(backup_state backup) {
        long end = wallClockMillis.getAsLong();
        List<BackupManifest.Partition> partitions = backup.getPartitions().stream()
                .map(p -> new BackupManifest.Partition(p.getIndex(), p.getDecree(), p.getDir(), p.getFile_count(),
                        p.getBytes(), List.of())).toList();
        BackupManifest manifest = new BackupManifest(BackupLayout.FORMAT_VERSION, backup.getBackup_id(),
                backup.getApp_name(), backup.getApp_id(), backup.getPartition_count(), backup.getReplica_count(),
                backup.getEnvs(), 1, backup.getStart_time_ms(), end, partitions);
        try (FileStore files = fileStores.open(backup.getRoot())) {
            BackupRepository repository = new BackupRepository(files);
            repository.checkComplete(manifest);
            // The split points stay out of ZooKeeper: the partition manifests already hold them.
            manifest = repository.withSplitPoints(manifest);
            Manifests.write(files, BackupLayout.backupManifest(backup.getApp_name(), backup.getBackup_id()), manifest);
        } catch (IOException | RuntimeException e) {
            fail(backup, "the backup could not be completed: " + e.getMessage());
            return;
        }
        backup.setStatus(backup_status.BS_SUCCEEDED).setEnd_time_ms(end);
        LOG.info("backup {} of table '{}' succeeded: {} partitions, {} bytes, {} ms", backup.getBackup_id(),
                backup.getApp_name(), partitions.size(), manifest.totalBytes(), end - backup.getStart_time_ms());
    }

    private void fail(backup_state backup, String error) {
        backup.setStatus(backup_status.BS_FAILED).setError(error).setEnd_time_ms(wallClockMillis.getAsLong());
        LOG.warn("backup {} of table '{}' failed: {}", backup.getBackup_id(), backup.getApp_name(), error);
    }

    /** Writes the backup to ZooKeeper, then takes it as the current state. */
    private void persist(backup_state backup) throws Exception {
        store.saveBackup(backup);
        synchronized (this) {
            backups.put(backup.getBackup_id(), backup);
            if (backup.getStatus() != backup_status.BS_RUNNING) {
                reports.remove(backup.getBackup_id());
            }
        }
    }

    /** Forgets a finished backup (its files are deleted by the caller). */
    void remove(String backupId) throws Exception {
        store.removeBackup(backupId);
        synchronized (this) {
            backups.remove(backupId);
            reports.remove(backupId);
        }
    }

    synchronized Optional<backup_state> find(String backupId) {
        return Optional.ofNullable(backups.get(backupId)).map(backup_state::deepCopy);
    }

    synchronized List<backup_state> all() {
        return backups.values().stream().map(backup_state::deepCopy).toList();
    }

    synchronized query_backup_status_response status(query_backup_status_request request) {
        List<backup_item> items = new ArrayList<>();
        for (backup_state backup : backups.values()) {
            if ((request.isSetApp_name() && !request.getApp_name().equals(backup.getApp_name()))
                    || (request.isSetBackup_id() && !request.getBackup_id().equals(backup.getBackup_id()))) {
                continue;
            }
            items.add(new backup_item(backup.deepCopy(), progressOf(backup)));
        }
        if (items.isEmpty() && request.isSetBackup_id()) {
            return Refusals.refuse(new query_backup_status_response().setBackups(List.of()),
                    ErrorCode.ERR_OBJECT_NOT_FOUND, "no backup " + request.getBackup_id() + " is known");
        }
        return new query_backup_status_response().setErr(ErrorCode.ERR_OK.name()).setHint_message("")
                .setBackups(items);
    }

    private List<backup_partition_progress> progressOf(backup_state backup) {
        Map<Integer, backup_task_report> reported = reports.getOrDefault(backup.getBackup_id(), Map.of());
        List<backup_partition_progress> progress = new ArrayList<>();
        for (backup_partition_state partition : backup.getPartitions()) {
            backup_partition_progress item = new backup_partition_progress().setIndex(partition.getIndex())
                    .setDecree(partition.getDecree());
            backup_task_report report = reported.get(partition.getIndex());
            if (partition.getPhase() == backup_partition_phase.BP_UPLOADED) {
                item.setPhase("UPLOADED").setBytes_done(partition.getBytes()).setBytes_total(partition.getBytes())
                        .setFiles_done(partition.getFile_count()).setFiles_total(partition.getFile_count());
            } else if (report != null && (report.getPhase() == backup_task_phase.BT_UPLOADING
                    || report.getPhase() == backup_task_phase.BT_UPLOADED)) {
                // An upload reported done counts in full while the coordinator still checks its files.
                item.setPhase(report.getPhase() == backup_task_phase.BT_UPLOADING ? "UPLOADING" : "CHECKING")
                        .setBytes_done(report.getBytes_done()).setBytes_total(report.getBytes_total())
                        .setFiles_done(report.getFiles_done()).setFiles_total(report.getFile_count())
                        .setDecree(report.getDecree());
            } else {
                item.setPhase("PENDING");
            }
            RpcAddress node = reporters.get(backup.getBackup_id() + "/" + partition.getIndex());
            if (node != null && partition.getPhase() != backup_partition_phase.BP_UPLOADED) {
                item.setNode(node.toString());
            }
            if (report != null && report.isSetError()) {
                item.setError(report.getError());
            }
            progress.add(item);
        }
        return progress;
    }
}
