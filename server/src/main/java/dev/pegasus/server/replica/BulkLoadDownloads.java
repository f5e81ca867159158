package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.bulk_load_report;
import dev.pegasus.protocol.thrift.bulk_load_status;
import dev.pegasus.protocol.thrift.bulk_load_task;
import dev.pegasus.protocol.thrift.bulk_load_task_kind;
import dev.pegasus.server.DaemonThreads;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server's part in bulk loads, driven by the tasks of its config syncs: every member of
 * a partition downloads and checks the partition's files (at most {@code concurrency} partitions at
 * once, within the server's transfer bandwidth) and reports them downloaded; the primary, once the
 * meta server says every partition is downloaded, places the ingestion at one decree through the
 * replication path ({@link IngestOp}), so every replica ingests the same files at the same point
 * among the other writes, and reports the decree.
 *
 * <p>A primary that takes over an ingesting partition finds out whether its predecessor's ingestion
 * committed only once everything prepared before it has committed (it places its own ingestion as a
 * read-modify-write request, which waits for that) and then reads the load id the store keeps with
 * the ingested data: a load is never ingested twice. A job the meta server stops asking for (the load
 * ended) has its files deleted; a held job (a paused load) stops transferring and keeps them.
 */
final class BulkLoadDownloads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadDownloads.class);
    /** A failed partition is tried again only after this long, so a broken file is not fetched in a loop. */
    private static final long RETRY_AFTER_NANOS = 1_000_000_000L;
    /**
     * How long an ingestion may wait to be placed and committed before the next task tries again (a
     * replica closed meanwhile never answers). Trying twice is safe: an ingestion is placed only if
     * the store does not hold the load yet, checked when nothing else is uncommitted.
     */
    private static final long INGEST_ATTEMPT_SECONDS = 60;

    private final BulkLoadFiles files;
    private final ReplicaRegistry replicas;
    private final PartitionWorkers workers;
    private final ExecutorService downloaders;
    private final Map<JobKey, Job> jobs = new ConcurrentHashMap<>();
    /** When each partition last failed here; guarded by this. */
    private final Map<JobKey, Long> failedAtNanos = new HashMap<>();
    private volatile boolean closed;
    private boolean leftoversCleared;

    private record JobKey(String loadId, Gpid gpid) {}

    BulkLoadDownloads(BulkLoadFiles files, ReplicaRegistry replicas, PartitionWorkers workers, int concurrency) {
        this.files = files;
        this.replicas = replicas;
        this.workers = workers;
        this.downloaders = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("bulk-load-download"));
    }

    /** Takes the tasks of one config sync answer. */
    synchronized void onTasks(List<bulk_load_task> tasks) {
        Set<JobKey> wanted = new HashSet<>();
        Set<String> loads = new HashSet<>();
        for (bulk_load_task task : tasks) {
            JobKey key = new JobKey(task.getLoad_id(), Gpid.unpack(task.getPid()));
            wanted.add(key);
            loads.add(key.loadId());
            Long failedAt = failedAtNanos.get(key);
            if (failedAt != null && System.nanoTime() - failedAt < RETRY_AFTER_NANOS) {
                continue;
            }
            failedAtNanos.remove(key);
            Job job = jobs.computeIfAbsent(key, k -> new Job(k, task.getRoot()));
            if (task.getKind() == bulk_load_task_kind.BLT_HOLD) {
                job.hold();
            } else {
                job.download();
                if (task.getKind() == bulk_load_task_kind.BLT_INGEST) {
                    job.ingest();
                }
            }
        }
        for (Map.Entry<JobKey, Job> entry : List.copyOf(jobs.entrySet())) {
            if (!wanted.contains(entry.getKey())) {
                jobs.remove(entry.getKey());
                entry.getValue().discard();
            }
        }
        failedAtNanos.keySet().retainAll(wanted);
        if (!leftoversCleared) {
            leftoversCleared = true;
            downloaders.execute(() -> {
                try {
                    files.deleteAllBut(loads);
                } catch (IOException e) {
                    LOG.warn("cannot delete the files of finished bulk loads: {}", e.toString());
                }
            });
        }
    }

    private void delete(JobKey key) {
        if (jobs.containsKey(key)) {
            return;   // wanted again meanwhile: the files are a new job's
        }
        try {
            files.delete(key.loadId(), key.gpid());
        } catch (IOException e) {
            LOG.warn("cannot delete the files of bulk load {} for {}: {}", key.loadId(), key.gpid(), e.toString());
        }
    }

    /** Reports of every job; a failed job is reported once and then forgotten, so the next task retries it. */
    synchronized List<bulk_load_report> reports() {
        List<bulk_load_report> reports = new ArrayList<>();
        for (Job job : List.copyOf(jobs.values())) {
            bulk_load_report report = job.report();
            reports.add(report);
            if (report.getStatus() == bulk_load_status.BLS_FAILED) {
                jobs.remove(job.key, job);
                failedAtNanos.put(job.key, System.nanoTime());
            }
        }
        return reports;
    }

    /** One partition of one bulk load on this server. */
    private final class Job {
        private final JobKey key;
        private final String root;
        private final AtomicLong bytesDone = new AtomicLong();
        /** DOWNLOADING, DOWNLOADED, SUCCEEDED (ingested by this primary) or FAILED. */
        private volatile bulk_load_status status = bulk_load_status.BLS_DOWNLOADING;
        private volatile boolean downloading;
        private volatile boolean held;
        /** No longer wanted: its files go once no download writes them any more. */
        private boolean discarded;
        private volatile boolean ingesting;
        private volatile long bytesTotal;
        private volatile long ingestDecree;
        private volatile String error;

        Job(JobKey key, String root) {
            this.key = key;
            this.root = root;
        }

        bulk_load_report report() {
            bulk_load_report report = new bulk_load_report(key.loadId(), key.gpid().pack(), status, bytesDone.get(),
                    bytesTotal, ingestDecree);
            if (error != null) {
                report.setError(error);
            }
            return report;
        }

        synchronized void download() {
            held = false;
            if (downloading || status != bulk_load_status.BLS_DOWNLOADING) {
                return;
            }
            downloading = true;
            downloaders.execute(this::runDownload);
        }

        void hold() {
            held = true;
        }

        /**
         * Stops the job and deletes its files: now, or when its download stops, since a download still
         * running would write files after a deletion made meanwhile and leave them behind for good.
         */
        synchronized void discard() {
            held = true;
            discarded = true;
            if (!downloading && !closed) {
                downloaders.execute(() -> delete(key));
            }
        }

        private void runDownload() {
            try {
                bytesTotal = files.remoteMetadata(root, key.gpid()).totalBytes();
                bytesDone.set(0);
                boolean complete = files.download(key.loadId(), key.gpid(), root, bytesDone::addAndGet,
                        () -> held || closed).isPresent();
                if (complete) {
                    status = bulk_load_status.BLS_DOWNLOADED;
                    LOG.info("bulk load {}: partition {} downloaded and checked ({} bytes)", key.loadId(), key.gpid(),
                            bytesTotal);
                }
            } catch (Exception e) {
                fail(e.getMessage() == null ? e.toString() : e.getMessage());
            } finally {
                downloadEnded();
            }
        }

        private synchronized void downloadEnded() {
            downloading = false;
            if (discarded && !closed) {
                downloaders.execute(() -> delete(key));
            }
        }

        private void fail(String reason) {
            error = reason;
            status = bulk_load_status.BLS_FAILED;
            LOG.warn("bulk load {} of partition {} failed: {}", key.loadId(), key.gpid(), reason);
        }

        /** On the primary: places the ingestion unless one is under way or done. */
        synchronized void ingest() {
            if (ingesting || status != bulk_load_status.BLS_DOWNLOADED) {
                return;
            }
            PartitionReplica replica = replicas.get(key.gpid()).orElse(null);
            if (replica == null) {
                return;
            }
            ingesting = true;
            CompletableFuture<Long> committed = new CompletableFuture<>();
            workers.submit(key.gpid(), () -> {
                if (replica.isClosed()) {
                    committed.completeExceptionally(new IllegalStateException("replica closed"));
                    return;
                }
                // Runs when nothing is uncommitted: the store then shows whether an earlier primary ingested.
                replica.place(() -> replica.store().lastBulkLoad().filter(key.loadId()::equals).isPresent()
                        ? Optional.empty() : Optional.of(new Command.Ingest(key.loadId(), root)), committed);
            });
            committed.orTimeout(INGEST_ATTEMPT_SECONDS, TimeUnit.SECONDS).whenComplete((placed, failure) -> {
                ingesting = false;
                if (failure == null) {
                    ingestDecree = placed >= 0 ? placed : replica.store().lastAppliedDecree();
                    status = bulk_load_status.BLS_SUCCEEDED;
                    LOG.info("bulk load {}: partition {} ingested at decree {}", key.loadId(), key.gpid(), ingestDecree);
                } else if (replica.report().status() == Role.Status.ERROR) {
                    fail("the ingestion stopped the replica on this server: " + failure.getMessage());
                } else {
                    LOG.info("bulk load {}: partition {} not ingested here ({}); the next task retries",
                            key.loadId(), key.gpid(), failure.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        downloaders.shutdownNow();
    }
}
