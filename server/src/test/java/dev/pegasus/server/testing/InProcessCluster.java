package dev.pegasus.server.testing;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.meta.MetaServer;
import dev.pegasus.server.replica.ReplicaOptions;
import dev.pegasus.server.replica.ReplicaServer;
import dev.pegasus.server.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole cluster in this JVM on loopback: a real ZooKeeper, a meta server and replica servers with
 * real RocksDB under a directory. For tests that do not need to kill processes.
 */
public final class InProcessCluster implements AutoCloseable {
    private final Path dir;
    private final EmbeddedZooKeeper zookeeper;
    private final MetaServer meta;
    private final List<ReplicaServer> replicas = new ArrayList<>();
    private final String metaAddress;

    public InProcessCluster(Path dir, int replicaCount) throws Exception {
        this.dir = dir;
        zookeeper = new EmbeddedZooKeeper("127.0.0.1", Ports.free());
        zookeeper.start(dir.resolve("zookeeper"));
        int metaPort = Ports.free();
        meta = new MetaServer(MetaOptions.of("127.0.0.1", metaPort, zookeeper.connectString(), "test")
                .withNodeTimeout(Duration.ofSeconds(5)).withCreateWait(Duration.ofSeconds(20)));
        meta.start();
        metaAddress = "127.0.0.1:" + metaPort;
        for (int i = 0; i < replicaCount; i++) {
            int port = Ports.free();
            ReplicaServer replica = new ReplicaServer(ReplicaOptions.of("127.0.0.1", port,
                    List.of(RpcAddress.parse(metaAddress)), dir.resolve("replica" + i)).small()
                    .withSyncInterval(Duration.ofMillis(200)).withTtlSweepInterval(Duration.ofSeconds(1)));
            replica.start();
            replicas.add(replica);
        }
    }

    public String metaAddress() {
        return metaAddress;
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
        meta.close();
        zookeeper.close();
    }
}
