package dev.pegasus.server.sim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.linearizability.CheckResult;
import dev.pegasus.server.linearizability.History;
import dev.pegasus.server.linearizability.LinearizabilityChecker;
import dev.pegasus.server.meta.InMemoryStateTree;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.pegasus.server.replica.PartitionReplica;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * One seeded run of a whole cluster: three meta servers (one leads), five replica servers, a table of
 * two partitions of three replicas, three clients; lost, duplicated and delayed messages, and the
 * faults of a {@link Scenario} (by default {@link RandomFaults}). The safety properties of
 * {@link Invariants} are checked while it runs, some after every event; afterwards everything heals
 * and the run checks that every partition serves again and that the clients' history is linearizable.
 */
final class ClusterSimulation {
    private static final long TABLE_CREATED_AT = 150;
    private static final long WORKLOAD_MILLIS = 8_000;
    private static final long HEAL_AT = 9_000;
    /** A crashed leader's session expires and another meta server is elected after the heal. */
    private static final long ELECTION_AFTER_HEAL_MILLIS = SimMetaGroup.SESSION_TIMEOUT_MILLIS + 200;
    private static final long END_AT = 14_000;
    /** A split child registered after the heal has this long to serve. */
    private static final long REGISTERED_CHILD_SERVES_WITHIN_MILLIS = 2_000;
    private static final int PARTITIONS = 2;
    /** One key per partition of the split table, so each parent keeps one key and hands one to its child. */
    private static final List<String> KEYS = keysCovering(PARTITIONS * 2);

    record Result(long seed, List<String> violations, int faults, long operations, long applies, long events,
            long reconfigurations, long childrenRegistered, long checkpoints, long messagesDropped,
            long metaLeaderChanges, List<String> scenarioSteps) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    private ClusterSimulation() {}

    static final CoreOptions OPTIONS = new CoreOptions(200, 60, 600, 150, 50, 1L << 20, 2000);

    /** Shared by every run: the stores of one run are all closed when it ends. */
    static final StorageEnvironment STORAGE = new StorageEnvironment(8L << 20, 16L << 20);

    static Result run(long seed) {
        return run(seed, new RandomFaults());
    }

    static Result run(long seed, Scenario scenario) {
        return onScratchDisk(seed, disk -> run(seed, scenario, disk));
    }

    /** Runs a seed's simulation over a scratch disk of its own, deleted afterwards, with the servers' logs quiet. */
    static <R> R onScratchDisk(long seed, Function<Path, R> run) {
        Path disk = createDisk(seed);
        // The servers' own logs of thousands of seeds tell nothing a failing seed's trace does not.
        Logger servers = (Logger) LoggerFactory.getLogger("dev.pegasus.server");
        Level level = servers.getLevel();
        servers.setLevel(SimReplicaServer.TRACE ? Level.INFO : Level.WARN);
        try {
            return run.apply(disk);
        } finally {
            servers.setLevel(level);
            deleteDisk(disk);
        }
    }

    /** The seed's network: a few percent of messages lost or duplicated, delays of a few milliseconds. */
    static SimNetwork lossyNetwork(Simulation sim) {
        return new SimNetwork(sim, new SimNetwork.Faults(sim.random().nextDouble() * 0.03,
                sim.random().nextDouble() * 0.02, 1, sim.between(2, 12)));
    }

    /** The servers' directories, in memory where the machine offers a tmpfs: a run writes many small files. */
    private static Path createDisk(long seed) {
        Path shm = Path.of("/dev/shm");
        try {
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "sim-" + seed + "-")
                    : Files.createTempDirectory("sim-" + seed + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteDisk(Path disk) {
        try {
            StoreDirectories.deleteRecursively(disk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(long seed, Scenario scenario, Path disk) {
        Simulation sim = new Simulation(seed);
        SimNetwork network = lossyNetwork(sim);
        SimCluster cluster = new SimCluster(1000, sim, network, OPTIONS, disk, STORAGE, SimMeta.OPTIONS,
                SimMeta.NO_REMOTES, Map.of(), new long[SimCluster.REPLICA_SERVERS]);
        Invariants invariants = cluster.invariants;
        SimMetaGroup metas = cluster.metas;
        List<SimReplicaServer> servers = cluster.servers;
        List<RpcAddress> metaAddresses = cluster.metaAddresses;
        sim.schedule(TABLE_CREATED_AT, () -> createTable(sim, metas, PARTITIONS));

        History history = new History(strictlyIncreasing(sim));
        for (int c = 0; c < 3; c++) {
            new SimClient(c, address(2001 + c), metaAddresses, sim, network, history, PARTITIONS, KEYS, 150,
                    WORKLOAD_MILLIS).start();
        }
        List<String> steps = new ArrayList<>();
        int faults = scenario.schedule(new Scenario.Cluster(sim, network, metas, servers, WORKLOAD_MILLIS, HEAL_AT,
                steps));
        sim.schedule(HEAL_AT, () -> cluster.heal(network));
        Set<Gpid> servedSinceHeal = new HashSet<>();
        Map<Gpid, Long> registeredAt = new HashMap<>();
        sim.schedule(HEAL_AT, () -> watchServing(sim, metas, servers, servedSinceHeal, registeredAt));
        try {
            sim.runUntil(END_AT, cluster::checkCommittedIsHeld);
        } finally {
            cluster.crashAll();
        }
        checkEveryPartitionServed(metas, registeredAt, servedSinceHeal, invariants);

        List<String> violations = new ArrayList<>(invariants.violations());
        CheckResult check = LinearizabilityChecker.check(history.operations(), Duration.ofSeconds(20));
        if (!check.linearizable()) {
            violations.addAll(check.violations());
        }
        violations.addAll(check.undecided());
        Map<Gpid, PartitionConfig> configs = metas.leader().map(SimMeta::configs).orElse(Map.of());
        long reconfigurations = configs.values().stream().mapToLong(config -> Math.max(0, config.ballot() - 1)).sum();
        long childrenRegistered = configs.entrySet().stream()
                .filter(entry -> entry.getKey().partitionIndex() >= PARTITIONS && entry.getValue().ballot() > 0).count();
        return new Result(seed, violations, faults, check.operationsChecked(), invariants.applies(), sim.eventsRun(),
                reconfigurations, childrenRegistered, invariants.checkpointsInstalled(), network.dropped(),
                metas.leaderChanges(), List.copyOf(steps));
    }

    /**
     * Once replica servers have beaconed, as an operator creates a table on a running cluster, trying
     * again while a leader answers that too few are alive yet.
     */
    static void createTable(Simulation sim, SimMetaGroup metas, int partitions) {
        if (!metas.leader().map(leader -> leader.createTable(partitions, 3)).orElse(false)) {
            sim.schedule(50, () -> createTable(sim, metas, partitions));
        }
    }



    /**
     * Samples, every few milliseconds after the heal, which partitions serve (a primary readable at the
     * configuration's ballot) and when each was first seen registered.
     */
    private static void watchServing(Simulation sim, SimMetaGroup metas, List<SimReplicaServer> servers,
            Set<Gpid> served, Map<Gpid, Long> registeredAt) {
        metas.leader().map(SimMeta::configs).orElse(Map.of()).forEach((gpid, config) -> {
            if (config.ballot() > 0) {
                registeredAt.putIfAbsent(gpid, sim.now());
            }
            boolean serves = config.primary().flatMap(primary -> servers.stream()
                    .filter(server -> server.address().equals(primary)).findFirst())
                    .map(server -> server.servesAsPrimary(gpid, config.ballot())).orElse(false);
            if (serves) {
                served.add(gpid);
            }
        });
        sim.schedule(20, () -> watchServing(sim, metas, servers, served, registeredAt));
    }

    /**
     * Liveness: once every fault has healed, every partition registered by then serves within
     * {@code END_AT - HEAL_AT}; a split child registered later (its registration may wait for a lost
     * copy up to the split coordinator's copy wait) serves within {@link #REGISTERED_CHILD_SERVES_WITHIN_MILLIS}
     * of its registration, when the run lasts that long after it.
     */
    private static void checkEveryPartitionServed(SimMetaGroup metas, Map<Gpid, Long> registeredAt, Set<Gpid> served,
            Invariants invariants) {
        if (metas.leader().isEmpty()) {
            invariants.violation("no meta server leads " + (END_AT - HEAL_AT) + " ms after every fault healed");
        }
        metas.leader().map(SimMeta::configs).orElse(Map.of()).forEach((gpid, config) -> {
            long registered = registeredAt.getOrDefault(gpid, Long.MAX_VALUE);
            if (served.contains(gpid) || registered == Long.MAX_VALUE) {
                return;
            }
            if (registered <= HEAL_AT + ELECTION_AFTER_HEAL_MILLIS) {
                invariants.violation("partition " + gpid + " did not serve in the " + (END_AT - HEAL_AT)
                        + " ms after every fault healed: " + config);
            } else if (registered <= END_AT - REGISTERED_CHILD_SERVES_WITHIN_MILLIS) {
                invariants.violation("split child " + gpid + " registered at " + registered + " ms did not serve by "
                        + END_AT + " ms: " + config);
            }
        });
    }

    static java.util.function.LongSupplier strictlyIncreasing(Simulation sim) {
        long[] last = {Long.MIN_VALUE};
        return () -> {
            last[0] = Math.max(last[0] + 1, sim.now() * 1_000_000);
            return last[0];
        };
    }

    static List<String> keysCovering(int partitionCount) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.size() < partitionCount; i++) {
            String key = "k" + i;
            byPartition.putIfAbsent(PartitionHash.partitionIndex(
                    PartitionHash.of(key.getBytes(StandardCharsets.UTF_8), new byte[0]), partitionCount), key);
        }
        return List.copyOf(byPartition.values());
    }

    private static RpcAddress address(int port) {
        return SimCluster.address(port);
    }
}
