package dev.pegasus.flink;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.Quiescence;
import dev.pegasus.server.testing.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real cluster for every test class of the module: ZooKeeper, a meta server and three replica
 * servers, each server its own JVM on 127.0.0.1 as in the onebox. Separate JVMs keep the servers'
 * RocksDB apart from Flink's classes and give the Flink jobs under test the whole heap of the test JVM.
 * Started by the first class that needs it, stopped (processes killed, files deleted) when all are done.
 */
public final class PegasusCluster implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PegasusCluster.class);
    static final int REPLICA_SERVERS = 3;

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(),
                Running.class);
    }

    public String metaServers() {
        return running.cluster.metaAddress();
    }

    /** A client of the cluster, shared by the tests; closed with the cluster. */
    public PegasusClient client() {
        return running.client;
    }

    /** A table of 8 partitions with 3 replicas each, ready to serve. */
    public void createTable(String name) {
        running.client.admin().createTable(name, 8, 3, Map.of());
    }

    /** SIGKILLs a replica server, as a crash would stop it. */
    public void killReplicaServer(int index) throws InterruptedException {
        running.cluster.killReplica(index);
    }

    /**
     * Starts a killed replica server again and waits until the meta server sees every replica server alive
     * and the cluster has settled (every partition healthy, the balancer idle), so the next test does not
     * run into the repairs and hand-overs of this one.
     */
    public void restartReplicaServer(int index) throws IOException {
        running.cluster.startReplica(index);
        Await.until(REPLICA_SERVERS + " replica servers alive", Duration.ofSeconds(60), () -> running.client.admin()
                .listNodes().stream().filter(node -> node.alive()).count() == REPLICA_SERVERS);
        Quiescence.await(running.client.admin(), Duration.ofSeconds(120));
    }

    /** A directory that lives as long as the cluster. */
    public Path dir(String name) {
        try {
            return Files.createDirectories(running.dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path dir;
        final ProcessCluster cluster;
        final PegasusClient client;
        private boolean closed;

        private Running(Path dir, ProcessCluster cluster, PegasusClient client) {
            this.dir = dir;
            this.cluster = cluster;
            this.client = client;
        }

        static Running start() {
            try {
                Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pegasus-cluster-");
                ProcessCluster cluster = new ProcessCluster(dir, 1, REPLICA_SERVERS);
                try {
                    PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(10),
                            REPLICA_SERVERS);
                    return new Running(dir, cluster, client);
                } catch (RuntimeException | Error e) {
                    cluster.close();
                    throw e;
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the Pegasus cluster for the tests", e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            client.close();
            cluster.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
