package dev.pegasus.server.replica;

import dev.pegasus.server.DaemonThreads;
import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.learn.CheckpointReceiver;
import dev.pegasus.server.replica.learn.CheckpointShipper;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.duplication.DuplicationShipping;
import dev.pegasus.server.replica.duplication.RemoteTables;
import dev.pegasus.server.replica.log.FileMutationLog;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.server.replica.log.ReplayReport;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StorageException;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server: replicas of many partitions, each a PacificA state machine over its own
 * RocksDB, sharing one replication log (group commit) and one network endpoint. Serves the
 * key-value service for partitions it is primary of, while its lease from the meta server holds.
 */
public final class ReplicaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaServer.class);
    private static final int TTL_SWEEP_SLICE = 10_000;
    private static final long TICK_MILLIS = 50;
    private static final long LOG_GC_SECONDS = 30;
    private static final long SHIPPING_ROUND_MILLIS = 20;

    private final ReplicaOptions options;
    private final StorageEnvironment environment;
    private final PartitionWorkers workers;
    private final RpcServer rpcServer;
    private final RpcClient peers;
    private final Function<Path, MutationLog> logOpener;
    /** Replaced when the storage reopens after a failure ({@link #reopenIfFailed}). */
    private volatile MutationLog log;
    private final StorageRecovery recovery;
    private final Lease lease = new Lease(System::nanoTime);
    private final ServerLife life = new ServerLife();
    private final MetaClient meta;
    private final ReplicaTransport transport;
    private final ReplicaRegistry replicas;
    private final long startNanos = System.nanoTime();
    private final CheckpointShipper shipper = new CheckpointShipper();
    private final CheckpointReceiver receiver;
    private final BackupUploads backups;
    private final RestoreFetches restores;
    private final BulkLoadFiles bulkLoadFiles;
    private final BulkLoadIngester ingester;
    private final BulkLoadDownloads bulkLoads;
    private final DiskSpaceWatch disk;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, DaemonThreads.named("replica-background"));
    private long lastTtlSweepNanos = System.nanoTime();
    /** A reopening started and has not finished: the next round tries again. Sync thread only. */
    private boolean reopenPending;
    /** Set once started. */
    private MetaSync sync;
    private final DuplicationShipping duplications;
    /** Duplication shipping reads the log and waits on remote clusters: kept off the background thread. */
    private final ScheduledExecutorService shippingThread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("replica-duplication"));

    public ReplicaServer(ReplicaOptions options) throws Exception {
        this(options, FileMutationLog::open);
    }

    /** @param logOpener opens the log in the given directory (tests inject failures at its file layer) */
    ReplicaServer(ReplicaOptions options, Function<Path, MutationLog> logOpener) throws Exception {
        this.options = options;
        this.logOpener = logOpener;
        Files.createDirectories(options.dataDir());
        this.environment = new StorageEnvironment(options.blockCacheBytes(), options.writeBufferBytes());
        this.workers = new ThreadedPartitionWorkers(options.workerThreads());
        this.rpcServer = new RpcServer("replica", options.ioThreads(), options.maxRequestBytes() + (1 << 20))
                .afterEachRead(workers::runAfterRead);
        this.peers = RpcClient.onThreadsOf(rpcServer, 1000);
        this.disk = new DiskSpaceWatch(options.dataDir(), options.disk(), options.address().toString());
        disk.check();
        this.recovery = new StorageRecovery(options.dataDir(), disk,
                () -> StorageRecovery.probeThrough(logOpener, options.dataDir().resolve("log-probe")), System::nanoTime);
        this.log = logOpener.apply(logDir());
        this.meta = new MetaClient(peers, options.metaServers(), 2000);
        this.transport = new ReplicaTransport(peers, options.address());
        Bandwidth transfers = new Bandwidth(options.transferBytesPerSecond());
        this.bulkLoadFiles = new BulkLoadFiles(options.dataDir().resolve("bulk_load"), transfers);
        this.ingester = new BulkLoadIngester(bulkLoadFiles);
        this.replicas = new ReplicaRegistry(options.dataDir(), environment, options, CoreOptions.defaults(),
                new Services());
        this.backups = new BackupUploads(options.dataDir().resolve("backups"), options.address(), replicas, workers,
                transfers, options.transferConcurrency());
        this.restores = new RestoreFetches(options.dataDir().resolve("restores"), options.address(), replicas, transfers,
                options.transferConcurrency(), System::currentTimeMillis);
        this.bulkLoads = new BulkLoadDownloads(bulkLoadFiles, replicas, workers, options.transferConcurrency());
        this.duplications = new DuplicationShipping(replicas::all, () -> log, replicas::logHistoryStart, replicas::clusterId, System::currentTimeMillis,
                new RemoteTables(), new Bandwidth(options.duplicationBytesPerSecond()));
        replicas.keepInLog(duplications::keepFrom);
        this.receiver = new CheckpointReceiver(options.dataDir().resolve("learning"), (gpid, decree, staged) ->
                workers.call(gpid, () -> replicas.installCheckpoint(gpid, decree, staged)));
    }

    /** Adapters the replicas' state machines use. */
    private final class Services implements ReplicaServices {
        @Override
        public RpcAddress self() {
            return options.address();
        }

        @Override
        public long life() {
            return life.startTimeMs();
        }

        @Override
        public void applied(Gpid gpid, LoggedMutation mutation) {
            duplications.onApplied(gpid, mutation);
        }

        @Override
        public PartitionWorkers workers() {
            return workers;
        }

        @Override
        public MutationLog log() {
            return log;
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public void send(RpcAddress to, ReplicaMessage message) {
            transport.send(to, message);
        }

        @Override
        public CompletableFuture<Optional<PartitionConfig>> propose(Gpid gpid, ConfigProposal proposal, String reason) {
            LOG.info("replica {}: asking the meta server to {} {}: {}", gpid, proposal.kind(), proposal.node(), reason);
            return meta.call(RpcMethods.CM_UPDATE_PARTITION, ProposalMessages.request(gpid, options.address(), proposal))
                    .thenApply(answer -> answer.flatMap(ProposalMessages::configIn));
        }

        /** Runs on the replica's worker, so the checkpoint's decree is exactly what is applied. */
        @Override
        public void shipCheckpoint(PartitionReplica replica, RpcAddress learner) {
            Gpid gpid = replica.gpid();
            StoreCheckpoint checkpoint = replica.store().createCheckpoint(options.dataDir().resolve("checkpoints")
                    .resolve(gpid + "." + learner.port() + "." + System.nanoTime()));
            LOG.info("replica {}: shipping a checkpoint at decree {} ({} files) to learner {}", gpid,
                    checkpoint.decree(), checkpoint.files().size(), learner);
            shipper.ship(peers, learner, gpid, options.address(), checkpoint).whenComplete((installed, failure) -> {
                if (failure != null || !installed) {
                    LOG.warn("replica {}: checkpoint for {} not installed: {}", gpid, learner,
                            failure == null ? "the learner declined" : failure.getMessage());
                    return;
                }
                workers.submit(gpid, () -> {
                    if (!replica.isClosed()) {
                        replica.onCheckpointShipped(learner, checkpoint.decree());
                    }
                });
            });
        }

        @Override
        public long nowMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        @Override
        public Optional<String> writeRefusal() {
            return disk.writeRefusal();
        }

        @Override
        public BulkLoadIngester ingester() {
            return ingester;
        }

        @Override
        public Path storeDir(Gpid gpid) {
            return replicas.dirOf(gpid);
        }

        /** Opened on a background thread: the parent's worker, which made the copy, must not wait on the registry. */
        @Override
        public void childCreated(Gpid child) {
            background.execute(() -> {
                try {
                    replicas.getOrOpen(child);
                } catch (RuntimeException e) {
                    LOG.error("replica {}: the store a split copied cannot be opened", child, e);
                }
            });
        }
    }

    public InetSocketAddress start() throws InterruptedException {
        ReplayReport replayed = replicas.openStored(log);
        replayed.truncatedTail().ifPresent(what -> LOG.warn("the log had a torn tail, cut off: {}", what));
        LOG.info("replayed {} log records ({} bytes)", replayed.recordsReplayed(), replayed.bytesReplayed());
        new KvService(replicas, workers, options.address().toString()).registerOn(rpcServer);
        transport.registerOn(rpcServer, replicas, workers);
        rpcServer.register(RpcMethods.REPLICA_CHECKPOINT_CHUNK, receiver);
        InetSocketAddress address = rpcServer.start(new InetSocketAddress(options.host(), options.port()));
        sync = new MetaSync(meta, options.address(), life, replicas, workers, lease, backups, restores, bulkLoads, disk,
                duplications,
                Math.max(500, options.syncInterval().toMillis() * 2));
        background.scheduleWithFixedDelay(this::syncRound, 0, options.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
        long diskCheckMillis = options.disk().checkInterval().toMillis();
        background.scheduleWithFixedDelay(disk::check, diskCheckMillis, diskCheckMillis, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(this::collectLogGarbage, LOG_GC_SECONDS, LOG_GC_SECONDS, TimeUnit.SECONDS);
        shippingThread.scheduleWithFixedDelay(duplications::round, SHIPPING_ROUND_MILLIS, SHIPPING_ROUND_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.info("replica server {} started, data in {}", options.address(), options.dataDir());
        return address;
    }

    private void tick() {
        replicas.tick();
    }

    private Path logDir() {
        return options.dataDir().resolve("log");
    }

    /** The storage's recovery first, so that a reopened server's first sync already speaks for its new life. */
    private void syncRound() {
        try {
            reopenIfFailed();
        } catch (RuntimeException e) {
            LOG.error("reopening the log and replicas failed; trying again later", e);
        }
        sync.syncOnce();
    }

    /**
     * After the log or a replica failed on a write, once the data disk takes writes again: stops serving,
     * closes every replica and the log, and opens them again from disk under a new life, as a restart
     * would without one. The meta server counts the old memberships as lost; the replicas rejoin as
     * learners, and nothing acknowledged is lost, since only what is on disk is replayed.
     */
    private void reopenIfFailed() {
        Optional<String> failure = reopenPending ? Optional.of("an earlier reopening did not finish")
                : StorageRecovery.failure(log, replicas);
        if (failure.isEmpty() || !recovery.mayReopen(failure.get())) {
            return;
        }
        LOG.warn("{}; reopening the log and every replica from disk: they rejoin as learners", failure.get());
        reopenPending = true;
        recovery.reopenedNow();
        lease.endUntilRenewed();
        try {
            replicas.closeAll();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the replicas", e);
        }
        log.close();
        MutationLog reopened = logOpener.apply(logDir());
        log = reopened;
        // Before the replicas open again: their cores, and what they learn, belong to the new life.
        life.renew();
        ReplayReport replayed = replicas.openStored(reopened);
        reopenPending = false;
        LOG.info("log and replicas reopened: {} log records replayed{}", replayed.recordsReplayed(),
                replayed.truncatedTail().map(tail -> "; a torn tail was cut off: " + tail).orElse(""));
    }

    /**
     * Expires idle scanners every second and, once per sweep interval, removes expired records. Both
     * run on the background thread: the sweep can take long and must not hold up requests.
     */
    private void sweep() {
        long now = System.currentTimeMillis();
        boolean ttlDue = System.nanoTime() - lastTtlSweepNanos >= options.ttlSweepInterval().toNanos();
        for (PartitionReplica replica : replicas.all()) {
            try {
                replica.scanners().expireIdle(now);
                if (ttlDue && !replica.isClosed()) {
                    int removed = removeExpiredAndCompact(replica);
                    if (removed > 0) {
                        LOG.info("replica {}: removed {} expired records", replica.gpid(), removed);
                    }
                }
            } catch (StorageException e) {
                LOG.debug("replica {} closed during the sweep: {}", replica.gpid(), e.getMessage());
            }
        }
        if (ttlDue) {
            lastTtlSweepNanos = System.nanoTime();
        }
    }

    /**
     * Deletes the partition's expired records slice by slice until the whole partition was examined,
     * then compacts so the data really leaves the disk. Safe beside the worker: the store re-checks
     * expiry under its write lock.
     */
    private static int removeExpiredAndCompact(PartitionReplica replica) {
        long slices = replica.store().estimateRawRecordCount() / TTL_SWEEP_SLICE + 1;
        int removed = 0;
        for (long i = 0; i < slices && !replica.isClosed(); i++) {
            removed += replica.store().removeExpired(TTL_SWEEP_SLICE);
        }
        if (removed > 0 && !replica.isClosed()) {
            replica.store().compact();
        }
        return removed;
    }

    private void collectLogGarbage() {
        MutationLog current = log;
        try {
            int deleted = replicas.flushAndCollectLogGarbage(current);
            if (deleted > 0) {
                LOG.info("deleted {} log segments; the log holds {} bytes", deleted, current.sizeBytes());
            }
        } catch (RuntimeException e) {
            LOG.warn("log garbage collection skipped: {}", e.toString());
        }
    }

    /** Entries the replicas of a table physically hold, deleted and expired ones included (a diagnostic). */
    public long storedEntryCount(int appId) {
        long entries = 0;
        for (PartitionReplica replica : replicas.all()) {
            if (replica.gpid().appId() == appId) {
                entries += replica.store().storedEntryCount();
            }
        }
        return entries;
    }

    @Override
    /**
     * Stops cleanly: no more syncs, the lease revoked so nothing is served, the meta server told so that
     * the roles move at once, then the stores flushed and the log closed.
     */
    public void close() {
        shippingThread.shutdownNow();
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.revoke();
        if (sync != null) {
            sync.leave();
        }
        backups.close();
        restores.close();
        bulkLoads.close();
        duplications.close();
        peers.close();   // before the server, whose network threads its connections live on
        rpcServer.close();
        receiver.close();
        workers.close();
        replicas.close();
        log.close();
        environment.close();
    }
}
