package dev.pegasus.server;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.DuplicationOptions;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.meta.MetaServer;
import dev.pegasus.server.replica.DiskSpaceOptions;
import dev.pegasus.server.replica.ReplicaOptions;
import dev.pegasus.server.replica.ReplicaServer;
import dev.pegasus.server.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Launches one server process: a meta server, a replica server, or an embedded ZooKeeper. */
@Command(name = "pegasus-server", mixinStandardHelpOptions = true,
        subcommands = {ServerMain.Meta.class, ServerMain.Replica.class, ServerMain.ZooKeeper.class},
        description = "Runs one server of a Pegasus cluster until it is stopped.")
public final class ServerMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    /** Blocks until the JVM is asked to stop, then closes the server. */
    static int runUntilStopped(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** The address every server binds; loopback unless told otherwise. */
    static final class BindHost {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
        String host;
    }

    @Command(name = "meta", description = "Runs a meta server; of several sharing a cluster name, one leads.")
    static final class Meta implements Callable<Integer> {
        @CommandLine.Mixin
        BindHost bind;
        @Option(names = "--port", defaultValue = "34601", description = "port (default ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--zookeeper", defaultValue = "127.0.0.1:22181", description = "ZooKeeper connect string")
        String zookeeper;
        @Option(names = "--cluster", defaultValue = "onebox", description = "cluster name (ZooKeeper root /pegasus/NAME)")
        String cluster;
        @Option(names = "--lease-ms", defaultValue = "9000",
                description = "how long a replica server may serve after a config sync the meta server answered")
        long leaseMs;
        @Option(names = "--grace-ms", defaultValue = "2000",
                description = "a replica server silent for its lease plus this long is dead")
        long graceMs;
        @Option(names = "--zookeeper-session-timeout-ms", defaultValue = "5000",
                description = "ZooKeeper session timeout; a crashed leader meta server is replaced after about this long")
        long sessionTimeoutMs;
        @Option(names = "--cluster-id", defaultValue = "" + DuplicationOptions.DEFAULT_CLUSTER_ID,
                description = "1..127, different in every cluster that duplicates to or from this one (default ${DEFAULT-VALUE})")
        int clusterId;
        @Option(names = "--remote-cluster", paramLabel = "NAME=HOST:PORT[,HOST:PORT...]",
                description = "a cluster tables may be duplicated to, with its meta servers; repeat for several")
        List<String> remoteClusters = List.of();
        @Option(names = "--duplication-checkpoint-root", paramLabel = "URI",
                description = "where dup add --full copies a table's checkpoints: a Hadoop FileSystem URI or a"
                        + " directory that this cluster and the remote ones can all reach")
        String duplicationCheckpointRoot;

        @Override
        public Integer call() throws Exception {
            MetaServer server = new MetaServer(MetaOptions.of(bind.host, port, zookeeper, cluster)
                    .withGuardian(guardian -> guardian.withLease(Duration.ofMillis(leaseMs))
                            .withGrace(Duration.ofMillis(graceMs)))
                    .withZookeeperSessionTimeout(Duration.ofMillis(sessionTimeoutMs))
                    .withDuplication(DuplicationOptions.parse(clusterId, remoteClusters)
                            .withCheckpointRoot(duplicationCheckpointRoot)));
            server.start();
            return runUntilStopped(server);
        }
    }

    @Command(name = "replica", description = "Runs a replica server.")
    static final class Replica implements Callable<Integer> {
        @CommandLine.Mixin
        BindHost bind;
        @Option(names = "--port", defaultValue = "34801", description = "port (default ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--meta", defaultValue = "127.0.0.1:34601", description = "meta servers, comma separated")
        String meta;
        @Option(names = "--data", required = true, description = "data directory")
        Path data;
        @Option(names = "--sync-interval-ms", defaultValue = "500", description = "config sync (beacon) interval")
        long syncIntervalMs;
        @Option(names = "--transfer-mb-per-s", defaultValue = "100",
                description = "bandwidth of backup uploads, restore and bulk load downloads, MiB/s (default ${DEFAULT-VALUE})")
        long transferMbPerSecond;
        @Option(names = "--duplication-mb-per-s", defaultValue = "" + (ReplicaOptions.DEFAULT_DUPLICATION_BYTES_PER_SECOND >> 20),
                description = "what this server's primaries ship to remote clusters, all duplications together, MiB/s"
                        + " (default ${DEFAULT-VALUE})")
        long duplicationMbPerSecond;
        @Option(names = "--transfer-concurrency", defaultValue = "2",
                description = "partitions uploaded or downloaded at once (default ${DEFAULT-VALUE})")
        int transferConcurrency;
        @Option(names = "--ttl-sweep-interval-s", defaultValue = "300",
                description = "how often expired records are physically removed")
        long ttlSweepSeconds;
        @Option(names = "--worker-threads", defaultValue = "" + ReplicaOptions.DEFAULT_WORKER_THREADS,
                description = "threads for long partition steps (flushes, checkpoints) and busy partitions' queues (default ${DEFAULT-VALUE})")
        int workerThreads;
        @Option(names = "--io-threads", defaultValue = "" + ReplicaOptions.DEFAULT_IO_THREADS,
                description = "network threads, which also run most partition work (default ${DEFAULT-VALUE})")
        int ioThreads;
        @Option(names = "--disk-min-free-ratio", defaultValue = "" + DiskSpaceOptions.DEFAULT_MIN_FREE_RATIO,
                description = "share of the data disk that must stay free; below it (and below --disk-min-free-mb)"
                        + " client writes are refused and primaries move away (default ${DEFAULT-VALUE})")
        double diskMinFreeRatio;
        @Option(names = "--disk-min-free-mb", defaultValue = "" + (DiskSpaceOptions.DEFAULT_MIN_FREE_BYTES >> 20),
                description = "MiB of the data disk that must stay free, whatever its size (default ${DEFAULT-VALUE})")
        long diskMinFreeMb;
        @Option(names = "--disk-check-interval-ms", defaultValue = "1000",
                description = "how often the data disk's free space is read (default ${DEFAULT-VALUE})")
        long diskCheckIntervalMs;

        @Override
        public Integer call() throws Exception {
            List<RpcAddress> metas = Arrays.stream(meta.split(",")).map(String::trim).map(RpcAddress::parse).toList();
            ReplicaServer server = new ReplicaServer(ReplicaOptions.of(bind.host, port, metas, data)
                    .withSyncInterval(Duration.ofMillis(syncIntervalMs))
                    .withTtlSweepInterval(Duration.ofSeconds(ttlSweepSeconds))
                    .withTransfers(transferMbPerSecond << 20, transferConcurrency)
                    .withDuplicationBandwidth(duplicationMbPerSecond << 20)
                    .withThreads(workerThreads, ioThreads)
                    .withDiskSpace(new DiskSpaceOptions(Duration.ofMillis(diskCheckIntervalMs), diskMinFreeRatio,
                            diskMinFreeMb << 20)));
            server.start();
            return runUntilStopped(server);
        }
    }

    @Command(name = "zookeeper", description = "Runs a standalone ZooKeeper server (for the onebox).")
    static final class ZooKeeper implements Callable<Integer> {
        @CommandLine.Mixin
        BindHost bind;
        @Option(names = "--port", defaultValue = "22181", description = "port (default ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--data", required = true, description = "data directory")
        Path data;

        @Override
        public Integer call() throws Exception {
            EmbeddedZooKeeper zookeeper = new EmbeddedZooKeeper(bind.host, port);
            zookeeper.start(data);
            return runUntilStopped(zookeeper);
        }
    }
}
