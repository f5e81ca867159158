package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.DecommissionAction;
import dev.pegasus.client.MetaLevel;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.TableConfiguration;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server JVMs under a steady write load: two replica servers join a cluster of three and the
 * balancer gives them their share (primaries and replicas even within one per node), then one server
 * is drained and stopped with SIGKILL. The writers see no error beyond the client's own retries, and
 * every acknowledged write reads back afterwards.
 */
class ScaleOutTest {
    private static final Duration SETTLE = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void newServersReceiveTheirShareAndADrainedServerLeavesNothingBehind() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 1, 3);
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(20), 3)) {
            PegasusAdmin admin = client.admin();
            assertEquals(MetaLevel.LIVELY, admin.metaLevel(), "the balancer runs by default");
            admin.createTable("scaled", 8, 3, Map.of());
            PegasusTable table = client.openTable("scaled");
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 200_000 && !stop.get(); i++) {
                        String key = "w" + writer + "-" + i;
                        String value = "value-" + key;
                        try {
                            table.set(b(key), b("s"), b(value));
                            acknowledged.put(key, value);
                        } catch (PegasusException e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                    }
                }, "writer-" + w);
                thread.start();
                writers.add(thread);
            }
            try {
                Await.until("writes flowing", Duration.ofSeconds(30), () -> acknowledged.size() > 200);
                cluster.addReplica();
                cluster.addReplica();
                List<String> five = List.of(cluster.replicaAddress(0), cluster.replicaAddress(1),
                        cluster.replicaAddress(2), cluster.replicaAddress(3), cluster.replicaAddress(4));
                awaitEven(admin, five);
                assertEquals(null, failure.get(), "a writer failed while the load was balanced");

                String drained = cluster.replicaAddress(0);
                assertTrue(admin.decommission(drained, DecommissionAction.START).draining());
                Await.until(drained + " drained", SETTLE,
                        () -> admin.decommission(drained, DecommissionAction.QUERY).removable());
                awaitEven(admin, five.subList(1, 5));
                Await.until(drained + " deleting its moved-away replicas", Duration.ofSeconds(30),
                        () -> partitionDirs(cluster.replicaDir(0)).isEmpty());
                assertEquals(null, failure.get(), "a writer failed while a server was drained");
                cluster.killReplica(0);
                int before = acknowledged.size();
                Await.until("writes going on without " + drained, Duration.ofSeconds(30),
                        () -> acknowledged.size() > before + 200);
            } finally {
                stop.set(true);
                for (Thread thread : writers) {
                    thread.join();
                }
            }
            assertEquals(null, failure.get(), "a writer saw an error beyond the client's retries");
            for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
                assertArrayEquals(b(entry.getValue()), table.get(b(entry.getKey()), b("s")), entry.getKey());
            }
        }
    }

    /** Waits until the nodes carry primaries and replicas within one of each other and nothing moves. */
    private static void awaitEven(PegasusAdmin admin, List<String> nodes) {
        Await.until("an even load over " + nodes, SETTLE, () -> {
            TableConfiguration config = admin.queryConfig("scaled");
            Map<String, Integer> primaries = new HashMap<>();
            Map<String, Integer> replicas = new HashMap<>();
            nodes.forEach(node -> {
                primaries.put(node, 0);
                replicas.put(node, 0);
            });
            for (PartitionConfiguration partition : config.partitions()) {
                if (partition.secondaries().size() != 2 || !nodes.contains(partition.primary())) {
                    return false;
                }
                primaries.merge(partition.primary(), 1, Integer::sum);
                replicas.merge(partition.primary(), 1, Integer::sum);
                for (String secondary : partition.secondaries()) {
                    if (!nodes.contains(secondary)) {
                        return false;
                    }
                    replicas.merge(secondary, 1, Integer::sum);
                }
            }
            return spread(primaries) <= 1 && spread(replicas) <= 1 && admin.balancePlan().movesUnderWay().isEmpty();
        });
    }

    private static int spread(Map<String, Integer> counts) {
        IntSummaryStatistics stats = counts.values().stream().mapToInt(Integer::intValue).summaryStatistics();
        return stats.getMax() - stats.getMin();
    }

    private static Set<Path> partitionDirs(Path replicaDir) {
        Path replicas = replicaDir.resolve("replicas");
        if (!Files.isDirectory(replicas)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(replicas)) {
            return Set.copyOf(dirs.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
