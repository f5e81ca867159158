package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.CheckAndSetOptions;
import dev.pegasus.client.CheckType;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.server.linearizability.CheckResult;
import dev.pegasus.server.linearizability.History;
import dev.pegasus.server.linearizability.LinearizabilityChecker;
import dev.pegasus.server.linearizability.Op;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server JVMs (3 meta servers, 4 replica servers, real ZooKeeper), a table of 3 replicas per
 * partition under concurrent load; rounds of SIGKILL of a busy primary, a secondary and the meta
 * leader, each restarted. Afterwards every client history must be linearizable — which implies no
 * acknowledged write was lost — and a killed primary's partition must take writes again within 30 s.
 */
class ReplicationKillTest {
    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void historiesStayLinearizableThroughKills() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3, 4);
                PegasusClient client = TestClients.openWhenAlive(String.join(",", cluster.metaAddresses()),
                        Duration.ofSeconds(3), 4)) {
            client.admin().createTable("replicated", 4, 3, Map.of());
            PegasusTable table = client.openTable("replicated");
            History history = new History();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                int clientId = c;
                Thread worker = new Thread(() -> load(table, history, clientId, stop, acknowledged), "load-" + c);
                workers.add(worker);
                worker.start();
            }
            Await.until("load running", Duration.ofSeconds(30), () -> acknowledged.get() > 200);

            List<String> rounds = new ArrayList<>();
            rounds.add(killPrimary(cluster, client, table, "k0"));
            awaitHealthy(client);
            rounds.add(killSecondary(cluster, client, "k1"));
            awaitHealthy(client);
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            cluster.killMeta(leader);
            long before = acknowledged.get();
            Await.until("writes after the meta leader died", Duration.ofSeconds(60), () -> acknowledged.get() > before + 50);
            cluster.startMeta(leader);
            rounds.add("meta leader " + leader + " killed and restarted");
            rounds.add(killPrimary(cluster, client, table, "k2"));
            awaitHealthy(client);

            stop.set(true);
            for (Thread worker : workers) {
                worker.join();
            }
            for (String key : KEYS) {
                long id = history.invoke(99, key, new Op.Read());
                byte[] value = table.get(b(key), b("v"));
                history.ok(id, value == null ? null : new String(value, StandardCharsets.UTF_8));
            }
            CheckResult result = LinearizabilityChecker.check(history.operations(), Duration.ofSeconds(60));
            System.out.printf("replication kill test: %s; %d operations checked (%d acknowledged writes), "
                    + "violations found = %d%n", rounds, result.operationsChecked(), acknowledged.get(),
                    result.violations().size());
            assertTrue(result.linearizable(), String.join("\n", result.violations()));
            assertTrue(result.undecided().isEmpty(), String.join("\n", result.undecided()));
        }
    }

    private static void load(PegasusTable table, History history, int clientId, AtomicBoolean stop,
            AtomicLong acknowledged) {
        Random random = new Random(clientId);
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        String lastSeen = null;
        for (int n = 0; !stop.get() && System.nanoTime() < deadline && n < 100_000; n++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            int dice = random.nextInt(10);
            if (dice < 4) {
                long id = history.invoke(clientId, key, new Op.Read());
                try {
                    byte[] value = table.get(b(key), b("v"));
                    lastSeen = value == null ? null : new String(value, StandardCharsets.UTF_8);
                    history.ok(id, lastSeen);
                } catch (PegasusException e) {
                    history.failed(id);
                }
            } else if (dice < 8) {
                String value = "c" + clientId + "-" + n;
                long id = history.invoke(clientId, key, new Op.Write(value));
                try {
                    table.set(b(key), b("v"), b(value));
                    history.ok(id, null);
                    acknowledged.incrementAndGet();
                } catch (PegasusException e) {
                    history.unknown(id);
                }
            } else {
                String value = "c" + clientId + "-" + n;
                long id = history.invoke(clientId, key, new Op.Cas(lastSeen, value));
                try {
                    boolean set = table.checkAndSet(b(key), b("v"),
                            lastSeen == null ? CheckType.VALUE_NOT_EXIST : CheckType.VALUE_BYTES_EQUAL,
                            lastSeen == null ? new byte[0] : b(lastSeen), b("v"), b(value),
                            new CheckAndSetOptions(0, false)).setSucceed();
                    history.ok(id, set);
                } catch (PegasusException e) {
                    history.unknown(id);
                }
            }
        }
    }

    private static int partitionOf(PegasusTable table, String key) {
        return PartitionHash.partitionIndex(PartitionHash.of(b(key), b("v")), table.partitionCount());
    }

    private static int replicaIndex(ProcessCluster cluster, String address) {
        for (int i = 0; i < 4; i++) {
            if (cluster.replicaAddress(i).equals(address)) {
                return i;
            }
        }
        throw new AssertionError("no replica server at " + address);
    }

    /** Kills the primary serving {@code key}; returns a description with the measured failover time. */
    private static String killPrimary(ProcessCluster cluster, PegasusClient client, PegasusTable table, String key)
            throws Exception {
        PartitionConfiguration partition = client.admin().queryConfig("replicated").partitions()
                .get(partitionOf(table, key));
        int victim = replicaIndex(cluster, partition.primary());
        long killedAt = System.nanoTime();
        cluster.killReplica(victim);
        Await.until("writes to " + key + " after its primary died", FAILOVER_LIMIT.plusSeconds(5), () -> {
            try {
                table.set(b(key + "-probe"), b("v"), b("x"));
                table.set(b(key), b("probe"), b("x"));
                return true;
            } catch (PegasusException e) {
                return false;
            }
        });
        long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(failoverMillis < FAILOVER_LIMIT.toMillis(), "failover took " + failoverMillis + " ms");
        cluster.startReplica(victim);
        return "primary " + partition.primary() + " of partition " + partition.index() + " killed, writes again after "
                + failoverMillis + " ms";
    }

    private static String killSecondary(ProcessCluster cluster, PegasusClient client, String key) throws Exception {
        PartitionConfiguration partition = client.admin().queryConfig("replicated").partitions().get(0);
        String secondary = partition.secondaries().get(0);
        int victim = replicaIndex(cluster, secondary);
        cluster.killReplica(victim);
        Await.until("partition 0 reconfigured without " + secondary, Duration.ofSeconds(60), () ->
                !client.admin().queryConfig("replicated").partitions().get(0).secondaries().contains(secondary)
                        || client.admin().queryConfig("replicated").partitions().get(0).ballot() > partition.ballot());
        cluster.startReplica(victim);
        return "secondary " + secondary + " of partition 0 killed and restarted";
    }

    /** Every partition has a primary and two secondaries again (the replacement learned). */
    private static void awaitHealthy(PegasusClient client) {
        Await.until("all partitions back to 3 replicas", Duration.ofSeconds(120), () ->
                client.admin().queryConfig("replicated").partitions().stream()
                        .allMatch(p -> !"-".equals(p.primary()) && p.secondaries().size() == 2));
    }
}
