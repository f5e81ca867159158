package dev.pegasus.server.replica;

import dev.pegasus.protocol.RpcAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a replica server, with their defaults in one place.
 *
 * @param syncInterval    how often the server syncs with the meta server (its beacon)
 * @param workerThreads   threads for long partition steps and busy partitions' queues ({@link PartitionWorkers})
 * @param ioThreads       network threads, which also run most partition work ({@link PartitionWorkers})
 * @param ttlSweepInterval how often expired records are physically removed
 * @param transferBytesPerSecond bandwidth of backup uploads, restore and bulk load downloads together
 * @param transferConcurrency partitions uploaded or downloaded at once (by each of backups, restores and bulk loads)
 * @param disk            when the data disk counts as short of space ({@link DiskSpaceWatch})
 * @param duplicationBytesPerSecond what this server's primaries ship to remote clusters, together
 */
public record ReplicaOptions(String host, int port, List<RpcAddress> metaServers, Path dataDir, Duration syncInterval,
        int workerThreads, int ioThreads, long blockCacheBytes, long writeBufferBytes, int maxValueBytes,
        int maxRequestBytes, Duration ttlSweepInterval, long transferBytesPerSecond, int transferConcurrency,
        DiskSpaceOptions disk, long duplicationBytesPerSecond) {
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_WORKER_THREADS = 4;
    public static final int DEFAULT_IO_THREADS = 2;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 128L << 20;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 4 << 20;
    public static final Duration DEFAULT_TTL_SWEEP_INTERVAL = Duration.ofMinutes(5);
    public static final long DEFAULT_TRANSFER_BYTES_PER_SECOND = 100L << 20;
    public static final int DEFAULT_TRANSFER_CONCURRENCY = 2;
    public static final long DEFAULT_DUPLICATION_BYTES_PER_SECOND = 100L << 20;

    public static ReplicaOptions of(String host, int port, List<RpcAddress> metaServers, Path dataDir) {
        return new ReplicaOptions(host, port, metaServers, dataDir, DEFAULT_SYNC_INTERVAL, DEFAULT_WORKER_THREADS, DEFAULT_IO_THREADS,
                DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES, DEFAULT_MAX_VALUE_BYTES,
                DEFAULT_MAX_REQUEST_BYTES, DEFAULT_TTL_SWEEP_INTERVAL, DEFAULT_TRANSFER_BYTES_PER_SECOND,
                DEFAULT_TRANSFER_CONCURRENCY, DiskSpaceOptions.DEFAULT, DEFAULT_DUPLICATION_BYTES_PER_SECOND);
    }

    public ReplicaOptions withSyncInterval(Duration interval) {
        return new ReplicaOptions(host, port, metaServers, dataDir, interval, workerThreads, ioThreads, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, ttlSweepInterval, transferBytesPerSecond,
                transferConcurrency, disk, duplicationBytesPerSecond);
    }

    public ReplicaOptions withTtlSweepInterval(Duration interval) {
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, workerThreads, ioThreads, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, interval, transferBytesPerSecond, transferConcurrency, disk, duplicationBytesPerSecond);
    }

    /** Worker and network threads ({@link PartitionWorkers}); each at least one. */
    public ReplicaOptions withThreads(int workers, int network) {
        if (workers < 1 || network < 1) {
            throw new IllegalArgumentException("a replica server needs at least one worker and one network thread, got "
                    + workers + " and " + network);
        }
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, workers, network, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, ttlSweepInterval, transferBytesPerSecond,
                transferConcurrency, disk, duplicationBytesPerSecond);
    }

    /** Bandwidth and parallelism of backup uploads and restore downloads. */
    public ReplicaOptions withTransfers(long bytesPerSecond, int concurrency) {
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, workerThreads, ioThreads, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, ttlSweepInterval, bytesPerSecond, concurrency, disk, duplicationBytesPerSecond);
    }

    /** Fewer threads and less memory, for tests that run several servers in one JVM. */
    public ReplicaOptions small() {
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, 2, 2, 16L << 20, 32L << 20,
                maxValueBytes, maxRequestBytes, ttlSweepInterval, transferBytesPerSecond, transferConcurrency, disk, duplicationBytesPerSecond);
    }

    public ReplicaOptions withDiskSpace(DiskSpaceOptions diskSpace) {
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, workerThreads, ioThreads, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, ttlSweepInterval, transferBytesPerSecond,
                transferConcurrency, diskSpace, duplicationBytesPerSecond);
    }

    /** What this server's primaries ship to remote clusters per second, all duplications together. */
    public ReplicaOptions withDuplicationBandwidth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("the duplication bandwidth must be positive, not " + bytesPerSecond
                    + " bytes/s");
        }
        return new ReplicaOptions(host, port, metaServers, dataDir, syncInterval, workerThreads, ioThreads, blockCacheBytes,
                writeBufferBytes, maxValueBytes, maxRequestBytes, ttlSweepInterval, transferBytesPerSecond,
                transferConcurrency, disk, bytesPerSecond);
    }

    public RpcAddress address() {
        return RpcAddress.parse(host + ":" + port);
    }
}
