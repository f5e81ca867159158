package dev.pegasus.server.zookeeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real standalone ZooKeeper server in this JVM, bound to one address (loopback by default), with
 * its admin web server switched off. Used by the onebox and by tests.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    private final String host;
    private final int port;
    private final ZooKeeperServerMain server = new StartAwareServer();
    private final CountDownLatch started = new CountDownLatch(1);
    private Thread thread;
    private volatile Throwable failure;

    public EmbeddedZooKeeper(String host, int port) {
        this.host = host;
        this.port = port;
    }

    private final class StartAwareServer extends ZooKeeperServerMain {
        @Override
        protected void serverStarted() {
            super.serverStarted();
            started.countDown();
        }
    }

    public void start(Path dataDir) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        System.setProperty("zookeeper.admin.enableServer", "false");
        Properties properties = new Properties();
        properties.setProperty("dataDir", dataDir.toAbsolutePath().toString());
        properties.setProperty("clientPort", Integer.toString(port));
        properties.setProperty("clientPortAddress", host);
        properties.setProperty("tickTime", "1000");
        properties.setProperty("maxClientCnxns", "200");
        properties.setProperty("admin.enableServer", "false");
        ServerConfig config = new ServerConfig();
        try {
            QuorumPeerConfig quorumConfig = new QuorumPeerConfig();
            quorumConfig.parseProperties(properties);
            config.readFrom(quorumConfig);
        } catch (QuorumPeerConfig.ConfigException e) {
            throw new IOException("bad ZooKeeper configuration: " + e.getMessage(), e);
        }
        thread = new Thread(() -> {
            try {
                server.runFromConfig(config);
            } catch (Throwable e) {
                failure = e;
                started.countDown();
            }
        }, "zookeeper-" + port);
        thread.setDaemon(true);
        thread.start();
        if (!started.await(30, TimeUnit.SECONDS) || failure != null) {
            throw new IOException("ZooKeeper did not start on " + connectString(), failure);
        }
        LOG.info("ZooKeeper serving on {}", connectString());
    }

    public String connectString() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        server.close();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
