package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.log.FlakyLogs;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.Placement;
import dev.pegasus.server.testing.Ports;
import dev.pegasus.server.testing.TestClients;
import dev.pegasus.server.testing.WriteLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An I/O error in one replica server's log (not a space problem) under a write load: its replicas
 * stop and the meta server replaces them, writes go on; once the error stops the server reopens its
 * log and replicas by itself, without a restart, and takes roles again; every acknowledged write
 * reads back.
 */
class StorageRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aServerWhoseLogFailedComesBackByItselfOnceWritingWorks() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        try (InProcessCluster cluster = new InProcessCluster(dir, 3)) {
            int port = Ports.free();
            String flaky = "127.0.0.1:" + port;
            ReplicaServer server = new ReplicaServer(ReplicaOptions.of("127.0.0.1", port,
                    cluster.metaAddresses().stream().map(RpcAddress::parse).toList(), dir.resolve("flaky")).small()
                    .withSyncInterval(Duration.ofMillis(200)).withDiskSpace(InProcessCluster.TEST_DISK),
                    logDir -> FlakyLogs.open(logDir, failing::get));
            try (server; PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5),
                    3)) {
                server.start();
                Await.until("4 replica servers alive", Duration.ofSeconds(30),
                        () -> client.admin().listNodes().stream().filter(node -> node.alive()).count() == 4);
                client.admin().createTable("flaky", 4, 3, Map.of());
                PegasusTable table = client.openTable("flaky");
                Await.until("the flaky server to lead a partition", Duration.ofSeconds(30),
                        () -> client.admin().queryConfig("flaky").partitions().stream()
                                .anyMatch(partition -> flaky.equals(partition.primary())));
                WriteLoad load = new WriteLoad(table, "k", 4, 50, 100_000, Duration.ofMinutes(3));
                Await.until("writes acknowledged", Duration.ofSeconds(30), () -> load.acknowledged() > 200);

                failing.set(true);
                Await.until("the failed server's replicas replaced", Duration.ofSeconds(30),
                        () -> Placement.memberships(client, "flaky", flaky) == 0);
                int afterFailure = load.acknowledged();
                Await.until("writes go on without it", Duration.ofSeconds(30),
                        () -> load.acknowledged() > afterFailure + 200);

                failing.set(false);
                Await.until("the server to take a role again, without a restart", Duration.ofSeconds(60),
                        () -> Placement.memberships(client, "flaky", flaky) > 0);
                int afterRecovery = load.acknowledged();
                Await.until("writes go on", Duration.ofSeconds(30), () -> load.acknowledged() > afterRecovery + 200);
                load.close();
                System.out.printf("storage recovery test: %d writes acknowledged, failures %s%n", load.acknowledged(),
                        load.failures());
                assertEquals(load.keys(), load.verify(table), "every acknowledged write reads back");
                assertTrue(Placement.memberships(client, "flaky", flaky) > 0);
            }
        }
    }
}
