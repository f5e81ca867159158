package dev.pegasus.server.replica;

import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StorageException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server: serves the key-value service for the partitions the meta server assigns it,
 * each in its own RocksDB under the data directory.
 */
public final class ReplicaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaServer.class);
    private static final int TTL_SWEEP_SLICE = 10_000;

    private final ReplicaOptions options;
    private final StorageEnvironment environment;
    private final PartitionWorkers workers;
    private final ReplicaRegistry replicas;
    private final RpcServer rpcServer;
    private final RpcClient metaClient;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "replica-background");
        thread.setDaemon(true);
        return thread;
    });

    public ReplicaServer(ReplicaOptions options) throws Exception {
        this.options = options;
        Files.createDirectories(options.dataDir());
        this.environment = new StorageEnvironment(options.blockCacheBytes(), options.writeBufferBytes());
        this.workers = new PartitionWorkers(options.workerThreads());
        this.replicas = new ReplicaRegistry(options.dataDir(), environment, workers, options);
        this.rpcServer = new RpcServer("replica", 2, options.maxRequestBytes() + (1 << 20));
        this.metaClient = new RpcClient("replica-meta", 1, 1000);
    }

    public InetSocketAddress start() throws InterruptedException {
        new KvService(replicas, workers, options.address().toString()).registerOn(rpcServer);
        InetSocketAddress address = rpcServer.start(new InetSocketAddress(options.host(), options.port()));
        MetaSync sync = new MetaSync(metaClient, options.metaServers(), options.address(), replicas,
                options.syncInterval().toMillis() * 4);
        background.scheduleWithFixedDelay(sync::syncOnce, 0, options.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info("replica server {} started, data in {}", options.address(), options.dataDir());
        return address;
    }

    private long lastTtlSweepNanos = System.nanoTime();

    /**
     * Expires idle scanners every second and, once per sweep interval, removes expired records. Both
     * run on the background thread: the sweep can take long and must not hold up requests.
     */
    private void sweep() {
        long now = System.currentTimeMillis();
        boolean ttlDue = System.nanoTime() - lastTtlSweepNanos >= options.ttlSweepInterval().toNanos();
        for (Replica replica : replicas.openReplicas()) {
            try {
                replica.scanners().expireIdle(now);
                if (ttlDue) {
                    int removed = replica.removeExpiredAndCompact(TTL_SWEEP_SLICE);
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

    /** Entries the replicas of a table physically hold, deleted and expired ones included (a diagnostic). */
    public long storedEntryCount(int appId) {
        long entries = 0;
        for (Replica replica : replicas.openReplicas()) {
            if (replica.gpid().appId() == appId) {
                entries += replica.store().storedEntryCount();
            }
        }
        return entries;
    }

    @Override
    public void close() {
        background.shutdownNow();
        rpcServer.close();
        metaClient.close();
        workers.close();
        replicas.close();
        environment.close();
    }
}
