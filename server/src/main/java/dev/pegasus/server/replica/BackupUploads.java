package dev.pegasus.server.replica;

import dev.pegasus.server.DaemonThreads;
import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.checkpoint.SplitPoint;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.backup_task;
import dev.pegasus.protocol.thrift.backup_task_phase;
import dev.pegasus.protocol.thrift.backup_task_report;
import dev.pegasus.server.replica.storage.CheckpointFile;
import dev.pegasus.server.replica.storage.CheckpointSplitPoints;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server's part in backups: for each task the meta server hands it (partitions it is
 * primary of), takes a checkpoint of the partition, uploads its files and then the partition
 * manifest (see checkpoint-tools/FORMAT.md) with the checkpoint's split points, and reports progress
 * in its config syncs.
 *
 * <p>The local checkpoint is kept until the upload succeeds or the meta server stops asking, so a
 * failed attempt (or a restart of this server) retries the same checkpoint into the same directory,
 * and SST files already uploaded whole are skipped. Only a primary backs up: it has applied every
 * acknowledged write, which a secondary may not have yet. Uploads run on a small pool (the bound on
 * concurrent transfers) within one {@link Bandwidth} for the whole server.
 */
final class BackupUploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupUploads.class);
    private static final String DECREE_FILE = "decree";
    private static final String CHECKPOINT_DIR = "checkpoint";

    private final Path root;
    private final RpcAddress self;
    private final ReplicaRegistry replicas;
    private final PartitionWorkers workers;
    private final Bandwidth bandwidth;
    private final ExecutorService uploaders;
    private final Map<JobKey, Job> jobs = new ConcurrentHashMap<>();
    private boolean leftoversCleared;

    private record JobKey(String backupId, Gpid gpid) {}

    /**
     * @param root where local checkpoints wait for their upload
     * @param concurrency how many partitions upload at once
     */
    BackupUploads(Path root, RpcAddress self, ReplicaRegistry replicas, PartitionWorkers workers, Bandwidth bandwidth,
            int concurrency) {
        this.root = root;
        this.self = self;
        this.replicas = replicas;
        this.workers = workers;
        this.bandwidth = bandwidth;
        this.uploaders = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("backup-upload"));
    }

    /**
     * Takes the tasks of one config sync answer: starts the new ones and drops jobs (and their local
     * checkpoints) the meta server no longer asks for.
     */
    synchronized void onTasks(List<backup_task> tasks) {
        Set<JobKey> wanted = new HashSet<>();
        for (backup_task task : tasks) {
            JobKey key = new JobKey(task.getBackup_id(), Gpid.unpack(task.getPid()));
            wanted.add(key);
            jobs.computeIfAbsent(key, k -> {
                Job job = new Job(k, task);
                uploaders.execute(job::run);
                return job;
            });
        }
        for (Map.Entry<JobKey, Job> entry : List.copyOf(jobs.entrySet())) {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().cancelled = true;
                jobs.remove(entry.getKey());
                uploaders.execute(() -> deleteLocal(entry.getKey()));
            }
        }
        if (!leftoversCleared) {
            leftoversCleared = true;
            uploaders.execute(() -> deleteLeftovers(wanted));
        }
    }

    /** Reports of every job; a failed job is reported once and then forgotten, so the next task retries it. */
    synchronized List<backup_task_report> reports() {
        List<backup_task_report> reports = new ArrayList<>();
        for (Job job : List.copyOf(jobs.values())) {
            backup_task_report report = job.report();
            if (report == null) {
                continue;
            }
            reports.add(report);
            if (report.getPhase() == backup_task_phase.BT_FAILED) {
                jobs.remove(job.key, job);
            }
        }
        return reports;
    }

    private Path localDir(JobKey key) {
        return root.resolve(key.backupId()).resolve(key.gpid().appId() + "." + key.gpid().partitionIndex());
    }

    private void deleteLocal(JobKey key) {
        try {
            StoreDirectories.deleteRecursively(localDir(key));
            Path backupDir = localDir(key).getParent();
            if (!Files.isDirectory(backupDir)) {
                return;
            }
            try (Stream<Path> rest = Files.list(backupDir)) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(backupDir);
                }
            }
        } catch (NoSuchFileException e) {
            // another job of the same backup removed the directory first
        } catch (IOException e) {
            LOG.warn("cannot delete the local backup checkpoint {}: {}", localDir(key), e.toString());
        }
    }

    /** Checkpoints of backups from an earlier life of this server that the meta server no longer wants. */
    private void deleteLeftovers(Set<JobKey> wanted) {
        if (!Files.isDirectory(root)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        wanted.forEach(key -> keep.add(localDir(key)));
        try (Stream<Path> backups = Files.list(root)) {
            for (Path backup : backups.toList()) {
                try (Stream<Path> partitions = Files.list(backup)) {
                    for (Path partition : partitions.toList()) {
                        if (!keep.contains(partition)) {
                            StoreDirectories.deleteRecursively(partition);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clear old backup checkpoints under {}: {}", root, e.toString());
        }
    }

    /** One partition of one backup on this server. */
    private final class Job {
        private final JobKey key;
        private final backup_task task;
        private volatile boolean cancelled;
        private volatile backup_task_phase phase;
        private volatile long decree;
        private volatile String dir = "";
        private volatile int fileCount;
        private volatile long bytesTotal;
        private volatile long bytesDone;
        private volatile int filesDone;
        private volatile String error;

        Job(JobKey key, backup_task task) {
            this.key = key;
            this.task = task;
        }

        /** Null while the job has not started uploading. */
        backup_task_report report() {
            if (phase == null) {
                return null;
            }
            backup_task_report report = new backup_task_report(key.backupId(), key.gpid().pack(), phase, decree, dir,
                    fileCount, bytesTotal, bytesDone, filesDone);
            if (error != null) {
                report.setError(error);
            }
            return report;
        }

        void run() {
            if (cancelled) {
                return;
            }
            try {
                upload();
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                phase = backup_task_phase.BT_FAILED;
                LOG.warn("backup {} of partition {} failed: {}", key.backupId(), key.gpid(), error);
            }
        }

        private void upload() throws Exception {
            Gpid gpid = key.gpid();
            Path local = localDir(key);
            StoreCheckpoint checkpoint = localCheckpoint(local);
            if (checkpoint == null) {
                jobs.remove(key, this);
                return;
            }
            decree = checkpoint.decree();
            fileCount = checkpoint.files().size();
            bytesTotal = checkpoint.totalBytes();
            String target = BackupLayout.checkpointDir(task.getApp_name(), key.backupId(), gpid.partitionIndex(),
                    self.toString(), decree);
            dir = gpid.partitionIndex() + "/" + target.substring(target.lastIndexOf('/') + 1);
            phase = backup_task_phase.BT_UPLOADING;
            List<SplitPoint> splitPoints = CheckpointSplitPoints.of(checkpoint.dir());
            List<ManifestFile> uploaded = new ArrayList<>();
            try (FileStore files = FileStores.open(task.getBackup_root())) {
                for (CheckpointFile file : checkpoint.files()) {
                    if (cancelled) {
                        return;
                    }
                    ManifestFile expected = new ManifestFile(file.name(), file.size(), file.crc32c());
                    uploaded.add(FileTransfers.upload(checkpoint.dir().resolve(file.name()), expected, files,
                            target + "/" + file.name(), bandwidth));
                    bytesDone += file.size();
                    filesDone++;
                }
                Manifests.write(files, target + "/" + BackupLayout.PARTITION_MANIFEST, new PartitionManifest(
                        BackupLayout.FORMAT_VERSION, key.backupId(), task.getApp_name(), gpid.appId(),
                        gpid.partitionIndex(), task.getPartition_count(), decree, self.toString(),
                        System.currentTimeMillis(), uploaded, splitPoints));
            }
            phase = backup_task_phase.BT_UPLOADED;
            LOG.info("backup {} of partition {}: uploaded {} files ({} bytes) at decree {}", key.backupId(), gpid,
                    fileCount, bytesTotal, decree);
            deleteLocal(key);
        }

        /**
         * The checkpoint a previous attempt left (complete once its decree file exists), or a new one
         * taken on the partition's worker; null when this server holds no primary of the partition that has
         * committed its takeover (a checkpoint then could miss writes already acknowledged).
         */
        private StoreCheckpoint localCheckpoint(Path local) throws Exception {
            Path decreeFile = local.resolve(DECREE_FILE);
            if (Files.exists(decreeFile)) {
                long decree = Long.parseLong(Files.readString(decreeFile, StandardCharsets.US_ASCII).trim());
                return StoreCheckpoint.describe(local.resolve(CHECKPOINT_DIR), decree);
            }
            StoreDirectories.deleteRecursively(local);
            PartitionReplica replica = replicas.get(key.gpid()).orElse(null);
            if (replica == null) {
                return null;
            }
            StoreCheckpoint checkpoint = workers.call(key.gpid(), () -> !replica.holdsEveryAcknowledgedWrite() ? null
                    : replica.store().createCheckpoint(local.resolve(CHECKPOINT_DIR))).get(10, TimeUnit.MINUTES);
            if (checkpoint != null) {
                Files.writeString(decreeFile, Long.toString(checkpoint.decree()), StandardCharsets.US_ASCII);
            }
            return checkpoint;
        }
    }

    @Override
    public void close() {
        jobs.values().forEach(job -> job.cancelled = true);
        uploaders.shutdownNow();
    }
}
