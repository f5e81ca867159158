package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.server.linearizability.CheckResult;
import dev.pegasus.server.linearizability.History;
import dev.pegasus.server.linearizability.LinearizabilityChecker;
import dev.pegasus.server.meta.DuplicationOptions;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One seeded run of two clusters, each as {@link ClusterSimulation} runs one (three meta servers,
 * five replica servers, {@link RandomFaults} of its own), with the table of cluster "a" duplicated to
 * the table of cluster "b", which may have another partition count; in half the seeds "b" duplicates
 * back and clients write to both (master-master). Clients start once the duplications have started.
 * The replica servers' clocks are up to two seconds apart (each cluster's timetags come from them).
 * Besides each cluster's own invariants, the run checks convergence: once the faults have healed and
 * the shipping has had time to catch up, both tables hold the same records. In master-slave runs the
 * history of cluster "a" must also be linearizable (in master-master runs the other cluster's
 * writes arrive unseen by its clients).
 */
final class DuplicationSimulation {
    private static final long TABLE_CREATED_AT = 150;
    private static final long WORKLOAD_MILLIS = 8_000;
    private static final long HEAL_AT = 9_000;
    /**
     * Past the heal by more than the split coordinator's copy wait: a split child whose parent lost a
     * member registers only after it, and until then neither it nor its parent takes its keys.
     */
    private static final long END_AT = 24_000;
    /** From then on the tables are compared: writes stopped long before and every fault has healed. */
    private static final long CONVERGED_FROM = HEAL_AT + 3_000;
    private static final long SAMPLE_MILLIS = 100;
    private static final int PARTITIONS = 2;
    private static final List<String> KEYS = ClusterSimulation.keysCovering(8);

    record Result(long seed, boolean masterMaster, int remotePartitions, List<String> violations, int faults,
            long operations, long applies, int keysCompared, List<String> steps) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    private DuplicationSimulation() {}

    static Result run(long seed) {
        return ClusterSimulation.onScratchDisk(seed, disk -> run(seed, disk));
    }

    private static Result run(long seed, Path disk) {
        Simulation sim = new Simulation(seed);
        SimNetwork network = ClusterSimulation.lossyNetwork(sim);
        boolean masterMaster = sim.random().nextBoolean();
        int remotePartitions = sim.random().nextBoolean() ? PARTITIONS : PARTITIONS * 2;
        Map<List<String>, SimMetaGroup> directory = new HashMap<>();
        SimRemoteClusters remotes = new SimRemoteClusters(directory);
        SimCluster a = new SimCluster(1000, sim, network, ClusterSimulation.OPTIONS, disk.resolve("a"),
                ClusterSimulation.STORAGE, options(1, "b", 3000), remotes, directory, clockSkews(sim));
        SimCluster b = new SimCluster(3000, sim, network, ClusterSimulation.OPTIONS, disk.resolve("b"),
                ClusterSimulation.STORAGE, options(2, "a", 1000), remotes, directory, clockSkews(sim));
        directory.put(a.metaNames(), a.metas);
        directory.put(b.metaNames(), b.metas);
        sim.schedule(TABLE_CREATED_AT, () -> ClusterSimulation.createTable(sim, a.metas, PARTITIONS));
        sim.schedule(TABLE_CREATED_AT, () -> ClusterSimulation.createTable(sim, b.metas, remotePartitions));

        History history = new History(ClusterSimulation.strictlyIncreasing(sim));
        History otherHistory = new History(ClusterSimulation.strictlyIncreasing(sim));
        List<String> steps = new ArrayList<>();
        sim.schedule(TABLE_CREATED_AT, () -> duplicateThenWrite(sim, a, "b", () -> startClients(sim, network, a, 2001,
                PARTITIONS, history), steps));
        if (masterMaster) {
            sim.schedule(TABLE_CREATED_AT, () -> duplicateThenWrite(sim, b, "a", () -> startClients(sim, network, b,
                    4001, remotePartitions, otherHistory), steps));
        }
        int faults = new RandomFaults().schedule(new Scenario.Cluster(sim, network, a.metas, a.servers,
                WORKLOAD_MILLIS, HEAL_AT, steps))
                + new RandomFaults().schedule(new Scenario.Cluster(sim, network, b.metas, b.servers, WORKLOAD_MILLIS,
                        HEAL_AT, steps));
        sim.schedule(HEAL_AT, () -> {
            a.heal(network);
            b.heal(network);
        });
        Convergence convergence = new Convergence();
        sim.schedule(CONVERGED_FROM, () -> convergence.sample(sim, a, b));
        List<String> violations = new ArrayList<>();
        try {
            sim.runUntil(END_AT, () -> {
                a.checkCommittedIsHeld();
                b.checkCommittedIsHeld();
            }, () -> convergence.converged);
        } finally {
            a.crashAll();
            b.crashAll();
        }
        if (!convergence.converged) {
            violations.addAll(convergence.lastProblems);
        }
        violations.addAll(0, a.invariants.violations().stream().map(v -> "cluster a: " + v).toList());
        violations.addAll(0, b.invariants.violations().stream().map(v -> "cluster b: " + v).toList());
        long operations = history.operations().size() + otherHistory.operations().size();
        if (!masterMaster) {
            CheckResult check = LinearizabilityChecker.check(history.operations(), Duration.ofSeconds(20));
            if (!check.linearizable()) {
                violations.addAll(check.violations());
            }
            violations.addAll(check.undecided());
        }
        return new Result(seed, masterMaster, remotePartitions, violations, faults, operations,
                a.invariants.applies() + b.invariants.applies(), convergence.keysCompared, List.copyOf(steps));
    }

    /**
     * Samples both tables every few milliseconds once the shipping has had time to catch up: they have
     * converged once a sample finds every partition of both served and their records equal (with no
     * writes any more, they stay so). Until then, what the last sample found wrong.
     */
    private static final class Convergence {
        boolean converged;
        int keysCompared;
        List<String> lastProblems = List.of("not sampled");

        void sample(Simulation sim, SimCluster a, SimCluster b) {
            Contents inA = contents(a);
            Contents inB = contents(b);
            List<String> problems = new ArrayList<>();
            inA.notServing().ifPresent(why -> problems.add("cluster a: " + why));
            inB.notServing().ifPresent(why -> problems.add("cluster b: " + why));
            if (problems.isEmpty()) {
                keysCompared = inA.records().size();
                problems.addAll(differences(inA.records(), inB.records()));
            }
            converged = problems.isEmpty();
            lastProblems = problems;
            if (!converged) {
                sim.schedule(SAMPLE_MILLIS, () -> sample(sim, a, b));
            }
        }
    }

    /** Servers' clocks up to two seconds apart, so that a new primary's clock may be behind its predecessor's. */
    private static long[] clockSkews(Simulation sim) {
        long[] skews = new long[SimCluster.REPLICA_SERVERS];
        for (int i = 0; i < skews.length; i++) {
            skews[i] = sim.between(-1000, 1000);
        }
        return skews;
    }

    private static MetaOptions options(int clusterId, String remoteName, int remotePortBase) {
        String remoteMetas = String.join(",", List.of(remotePortBase, remotePortBase + 10, remotePortBase + 20)
                .stream().map(port -> SimCluster.address(port).toString()).toList());
        return SimMeta.OPTIONS.withDuplication(DuplicationOptions.parse(clusterId,
                List.of(remoteName + "=" + remoteMetas)));
    }

    /**
     * Adds the duplication once the leader accepts it (both tables exist), then starts the clients once
     * every primary has said where its shipping starts, so every write they make is duplicated.
     */
    private static void duplicateThenWrite(Simulation sim, SimCluster source, String remote, Runnable clients,
            List<String> steps) {
        Optional<Integer> dupid = source.metas.leader().flatMap(leader -> leader.addDuplication(remote));
        if (dupid.isEmpty()) {
            sim.schedule(50, () -> duplicateThenWrite(sim, source, remote, clients, steps));
            return;
        }
        steps.add(sim.now() + " ms: duplication to " + remote + " added");
        awaitStarted(sim, source, dupid.get(), clients, steps);
    }

    private static void awaitStarted(Simulation sim, SimCluster source, int dupid, Runnable clients, List<String> steps) {
        if (source.metas.leader().filter(leader -> leader.duplicationStarted(dupid)).isPresent()) {
            steps.add(sim.now() + " ms: duplication " + dupid + " started; clients write");
            clients.run();
        } else {
            sim.schedule(50, () -> awaitStarted(sim, source, dupid, clients, steps));
        }
    }

    private static void startClients(Simulation sim, SimNetwork network, SimCluster cluster, int firstPort,
            int partitions, History history) {
        for (int c = 0; c < 3; c++) {
            new SimClient(c, SimCluster.address(firstPort + c), cluster.metaAddresses, sim, network, history, partitions,
                    KEYS, 150, WORKLOAD_MILLIS).start();
        }
    }

    /** A table's records, or why they cannot all be read. */
    private record Contents(Map<String, String> records, Optional<String> notServing) {
        static Contents missing(String why) {
            return new Contents(Map.of(), Optional.of(why + " up to " + (END_AT - HEAL_AT)
                    + " ms after every fault healed"));
        }
    }

    /** Every record of the cluster's table, from the primary of each partition. */
    private static Contents contents(SimCluster cluster) {
        Optional<SimMeta> leader = cluster.metas.leader();
        if (leader.isEmpty()) {
            return Contents.missing("no meta server leads");
        }
        int partitionCount = leader.get().partitionCount();
        Map<String, String> records = new TreeMap<>();
        Map<Gpid, PartitionConfig> configs = leader.get().configs();
        for (int index = 0; index < partitionCount; index++) {
            Gpid gpid = new Gpid(SimMeta.TABLE, index);
            PartitionConfig config = configs.get(gpid);
            if (!registered(config)) {
                continue; // a split child not registered yet: its parent serves its keys
            }
            Optional<Map<String, String>> served = config.primary().flatMap(address -> cluster.servers.stream()
                    .filter(server -> server.address().equals(address)).findFirst())
                    .flatMap(server -> server.contentsServed(gpid, config.ballot()));
            if (served.isEmpty()) {
                return Contents.missing("partition " + gpid + " does not serve (" + config + ")");
            }
            int partition = index;
            // A split parent's store may still hold keys its registered child serves now.
            served.get().forEach((key, value) -> {
                if (SplitRouting.servingPartition(PartitionHash.ofStorageKey(key.getBytes(StandardCharsets.ISO_8859_1)),
                        partitionCount, child -> configs.get(new Gpid(SimMeta.TABLE, child))) == partition) {
                    records.put(key, value);
                }
            });
        }
        return new Contents(records, Optional.empty());
    }

    private static boolean registered(PartitionConfig config) {
        return config != null && config.ballot() > 0;
    }


    private static List<String> differences(Map<String, String> inA, Map<String, String> inB) {
        List<String> differences = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(inA);
        all.putAll(inB);
        all.keySet().forEach(key -> {
            String valueA = inA.get(key);
            String valueB = inB.get(key);
            if (valueA == null ? valueB != null : !valueA.equals(valueB)) {
                differences.add("not converged: key " + key.replace('\0', '.') + " is " + valueA + " in a, "
                        + valueB + " in b");
            }
        });
        return differences;
    }
}
