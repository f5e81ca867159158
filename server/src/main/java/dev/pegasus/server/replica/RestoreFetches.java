package dev.pegasus.server.replica;

import dev.pegasus.server.DaemonThreads;
import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.restore_report;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the data of a restored table's replicas from the backup: a replica of the table's first
 * configuration (ballot 1) that this server holds no data for is held back from opening until its
 * partition's checkpoint is downloaded, every file checked against the manifest, and put in place as
 * the replica's store. Replicas added later learn from the primary, as in any table. Progress and
 * errors go to the meta server in the config syncs.
 */
final class RestoreFetches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreFetches.class);
    private static final long RETRY_AFTER_MILLIS = 10_000;

    private final Path root;
    private final RpcAddress self;
    private final ReplicaRegistry replicas;
    private final Bandwidth bandwidth;
    private final LongSupplier clockMillis;
    private final ExecutorService fetchers;
    private final Map<Gpid, Fetch> fetches = new ConcurrentHashMap<>();

    RestoreFetches(Path root, RpcAddress self, ReplicaRegistry replicas, Bandwidth bandwidth, int concurrency,
            LongSupplier clockMillis) {
        this.root = root;
        this.self = self;
        this.replicas = replicas;
        this.bandwidth = bandwidth;
        this.clockMillis = clockMillis;
        this.fetchers = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("restore-fetch"));
    }

    /**
     * Whether the assigned replica must wait for its data from a backup; starts (or, after a failure
     * and a pause, restarts) the fetch when it must.
     */
    boolean holdsBack(Gpid gpid, app_info info, PartitionConfig config) {
        Map<String, String> envs = info.getEnvs();
        if (envs == null || !envs.containsKey(TableEnvs.RESTORE_BACKUP_ID) || config.ballot() != 1
                || !config.isMember(self) || replicas.get(gpid).isPresent() || replicas.hasData(gpid)) {
            return false;
        }
        Fetch fetch = fetches.compute(gpid, (key, current) -> current == null || current.retryDue() ? start(key, envs)
                : current);
        return !fetch.installed;
    }

    private Fetch start(Gpid gpid, Map<String, String> envs) {
        Fetch fetch = new Fetch(gpid, envs.get(TableEnvs.RESTORE_BACKUP_ROOT), envs.get(TableEnvs.RESTORE_SOURCE_TABLE),
                envs.get(TableEnvs.RESTORE_BACKUP_ID));
        fetchers.execute(fetch::run);
        return fetch;
    }

    /** Reports of fetches under way, failed, or done but not yet opened. */
    List<restore_report> reports() {
        List<restore_report> reports = new ArrayList<>();
        for (Fetch fetch : fetches.values()) {
            reports.add(fetch.report());
            if (fetch.installed && replicas.get(fetch.gpid).isPresent()) {
                fetches.remove(fetch.gpid, fetch);
            }
        }
        return reports;
    }

    private final class Fetch {
        private final Gpid gpid;
        private final String backupRoot;
        private final String sourceTable;
        private final String backupId;
        private volatile long bytesDone;
        private volatile long bytesTotal;
        private volatile boolean installed;
        private volatile String error;
        private volatile long failedAtMillis;

        Fetch(Gpid gpid, String backupRoot, String sourceTable, String backupId) {
            this.gpid = gpid;
            this.backupRoot = backupRoot;
            this.sourceTable = sourceTable;
            this.backupId = backupId;
        }

        boolean retryDue() {
            return error != null && clockMillis.getAsLong() - failedAtMillis >= RETRY_AFTER_MILLIS;
        }

        restore_report report() {
            restore_report report = new restore_report(gpid.pack(), bytesDone, bytesTotal, installed);
            if (error != null) {
                report.setError(error);
            }
            return report;
        }

        void run() {
            Path staged = root.resolve(gpid.appId() + "." + gpid.partitionIndex() + "." + System.nanoTime());
            try {
                download(staged);
                installed = replicas.installRestored(gpid, staged);
                if (!installed) {
                    StoreDirectories.deleteRecursively(staged);
                }
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                failedAtMillis = clockMillis.getAsLong();
                LOG.warn("replica {}: restoring backup {} failed: {}", gpid, backupId, error);
                try {
                    StoreDirectories.deleteRecursively(staged);
                } catch (IOException suppressed) {
                    LOG.warn("cannot delete {}: {}", staged, suppressed.toString());
                }
            }
        }

        /** Downloads and checks every file, then makes them durable: the store will be opened from them. */
        private void download(Path staged) throws IOException {
            try (FileStore files = FileStores.open(backupRoot)) {
                BackupRepository repository = new BackupRepository(files);
                BackupManifest backup = repository.manifest(sourceTable, backupId);
                PartitionManifest partition = repository.partition(backup, gpid.partitionIndex());
                bytesTotal = partition.totalBytes();
                java.nio.file.Files.createDirectories(staged);
                String dir = repository.checkpointDir(backup, gpid.partitionIndex());
                for (ManifestFile file : partition.files()) {
                    Path local = staged.resolve(file.name());
                    FileTransfers.download(files, dir + "/" + file.name(), file, local, bandwidth);
                    try (FileChannel channel = FileChannel.open(local, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                    bytesDone += file.size();
                }
                StoreDirectories.syncDirectory(staged);
                LOG.info("replica {}: fetched partition {} of backup {} ({} files, {} bytes, decree {})", gpid,
                        gpid.partitionIndex(), backupId, partition.files().size(), bytesTotal, partition.decree());
            }
        }
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
        try {
            fetchers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
