package dev.pegasus.server.testing;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.meta.MetaServer;
import dev.pegasus.server.replica.DiskSpaceOptions;
import dev.pegasus.server.replica.ReplicaOptions;
import dev.pegasus.server.replica.ReplicaServer;
import dev.pegasus.server.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A whole cluster in this JVM on loopback: a real ZooKeeper, meta servers (one by default) electing
 * their leader, and replica servers with real RocksDB under a directory. For tests that do not need
 * to kill processes.
 */
public final class InProcessCluster implements AutoCloseable {
    /** A share of the machine's disk (10% of a large one) is no business of a test: only a floor of free space. */
    public static final DiskSpaceOptions TEST_DISK = new DiskSpaceOptions(DiskSpaceOptions.DEFAULT_CHECK_INTERVAL, 0,
            DiskSpaceOptions.DEFAULT_MIN_FREE_BYTES);
    private final Path dir;
    private final EmbeddedZooKeeper zookeeper;
    private final List<MetaServer> metas = new ArrayList<>();
    private final List<String> metaAddresses = new ArrayList<>();
    private final List<ReplicaServer> replicas = new ArrayList<>();

    public InProcessCluster(Path dir, int replicaCount) throws Exception {
        this(dir, 1, replicaCount);
    }

    public InProcessCluster(Path dir, int metaCount, int replicaCount) throws Exception {
        this(dir, metaCount, replicaCount, UnaryOperator.identity());
    }

    /** @param metaOptions changes the meta servers' test settings, e.g. for shorter leases */
    public InProcessCluster(Path dir, int metaCount, int replicaCount, UnaryOperator<MetaOptions> metaOptions)
            throws Exception {
        this(dir, freePorts(metaCount), replicaCount, metaOptions);
    }

    /**
     * @param metaPorts the meta servers' ports, chosen beforehand so that another cluster can be told
     *                  them before this one starts (two clusters duplicating to each other)
     */
    public InProcessCluster(Path dir, List<Integer> metaPorts, int replicaCount, UnaryOperator<MetaOptions> metaOptions)
            throws Exception {
        this.dir = dir;
        zookeeper = new EmbeddedZooKeeper("127.0.0.1", Ports.free());
        zookeeper.start(dir.resolve("zookeeper"));
        for (int metaPort : metaPorts) {
            MetaServer meta = new MetaServer(metaOptions.apply(MetaOptions.of("127.0.0.1", metaPort,
                    zookeeper.connectString(), "test").withGuardian(guardian -> guardian
                            .withLease(Duration.ofSeconds(4)).withGrace(Duration.ofSeconds(1)))
                    .withCreateWait(Duration.ofSeconds(20))));
            meta.start();
            metas.add(meta);
            metaAddresses.add("127.0.0.1:" + metaPort);
        }
        List<RpcAddress> metaList = metaAddresses.stream().map(RpcAddress::parse).toList();
        for (int i = 0; i < replicaCount; i++) {
            int port = Ports.free();
            ReplicaServer replica = new ReplicaServer(ReplicaOptions.of("127.0.0.1", port, metaList,
                    dir.resolve("replica" + i)).small()
                    .withSyncInterval(Duration.ofMillis(200)).withTtlSweepInterval(Duration.ofSeconds(1))
                    .withDiskSpace(TEST_DISK));
            replica.start();
            replicas.add(replica);
        }
    }

    public static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(Ports.free());
        }
        return ports;
    }

    /** Every meta server, comma separated, as clients and replica servers are configured. */
    public String metaAddress() {
        return String.join(",", metaAddresses);
    }

    public List<String> metaAddresses() {
        return List.copyOf(metaAddresses);
    }

    public MetaServer meta(int index) {
        return metas.get(index);
    }

    public String zookeeperConnectString() {
        return zookeeper.connectString();
    }

    public List<ReplicaServer> replicaServers() {
        return List.copyOf(replicas);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        replicas.forEach(ReplicaServer::close);
        metas.forEach(MetaServer::close);
        zookeeper.close();
    }
}
