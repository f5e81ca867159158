package dev.pegasus.spark;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real cluster (ZooKeeper, a meta server, three replica servers on 127.0.0.1) for every test
 * class of the module: started by the first class that registers this extension, stopped when all
 * tests are done. Each class uses tables of its own.
 */
final class SharedCluster implements BeforeAllCallback {
    private static final String KEY = "pegasus-cluster";

    /** The cluster and a client of it; closed at the end of the test run. */
    record Running(InProcessCluster cluster, PegasusClient client, Path dir)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            client.close();
            cluster.close();
        }
    }

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, key -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cluster");
            InProcessCluster cluster = new InProcessCluster(dir, 3);
            PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(10), 3);
            return new Running(cluster, client, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test cluster", e);
        }
    }

    String metaAddress() {
        return running.cluster().metaAddress();
    }

    PegasusClient client() {
        return running.client();
    }
}
