package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.Role;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Fault sequences aimed at the protocol paths where replicated stores lose data: a member changes
 * while a learner catches up, the only up-to-date copies die right after a learner joins, the meta
 * server changes hands or a parent's primary dies in the middle of a split. Each waits for the moment
 * it aims at (observed, not guessed) and draws its timing around it from the seed; the network's own
 * losses and delays still apply, and {@link Invariants} are checked after every event.
 */
final class NamedScenarios {
    /** The partition the replica scenarios act on. */
    static final Gpid PARTITION = new Gpid(SimMeta.TABLE, 0);

    private NamedScenarios() {}

    static List<Scenario> all() {
        return List.of(primaryCrashWhileLearning(), primaryAndSecondaryCrashAfterLearnerJoins(),
                metaLeaderChangeDuringSplit(), parentPrimaryCrashDuringSplitCopy());
    }

    private record Named(String name, ToIntFunction<Scenario.Cluster> plan) implements Scenario {
        @Override
        public int schedule(Cluster cluster) {
            return plan.applyAsInt(cluster);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A secondary dies for good; once a spare server learns to replace it, the primary dies too, a few
     * milliseconds into the learning. The remaining secondary takes over and must bring a learner in
     * again; the abandoned learner's half-learned copy must never count.
     */
    static Scenario primaryCrashWhileLearning() {
        return new Named("primary crash while a learner catches up", cluster -> {
            Simulation sim = cluster.sim();
            sim.schedule(sim.between(600, 2500), () -> cluster.config(PARTITION).filter(NamedScenarios::full)
                    .ifPresent(config -> {
                        RpcAddress primary = config.primary().orElseThrow();
                        cluster.crashUntilHeal(server(cluster, pick(sim, config.secondaries())));
                        cluster.step("a secondary crashed");
                        long delay = sim.between(0, 60);
                        cluster.when(() -> !cluster.inRole(PARTITION, Role.Status.LEARNER).isEmpty(), () ->
                                sim.schedule(delay, () -> {
                                    cluster.crash(server(cluster, primary), sim.between(300, 2000));
                                    cluster.step("the primary crashed while a learner caught up");
                                }));
                    }));
            return 2;
        });
    }

    /**
     * A secondary dies for good; while a spare server learns, many of the primary's messages to it are
     * lost, so it misses decrees now and then; as soon as it is stored as a secondary, the primary and
     * the other old secondary die together. The former learner alone must then hold every committed write.
     */
    static Scenario primaryAndSecondaryCrashAfterLearnerJoins() {
        return new Named("primary and secondary crash once a learner joins", cluster -> {
            Simulation sim = cluster.sim();
            sim.schedule(sim.between(600, 2500), () -> cluster.config(PARTITION).filter(NamedScenarios::full)
                    .ifPresent(config -> {
                        RpcAddress primary = config.primary().orElseThrow();
                        RpcAddress lost = pick(sim, config.secondaries());
                        RpcAddress kept = config.secondaries().stream().filter(s -> !s.equals(lost)).findFirst()
                                .orElseThrow();
                        cluster.crashUntilHeal(server(cluster, lost));
                        cluster.step("a secondary crashed");
                        double loss = 0.1 + sim.random().nextDouble() * 0.3;
                        cluster.when(() -> !cluster.inRole(PARTITION, Role.Status.LEARNER).isEmpty(), () -> {
                            RpcAddress learner = cluster.inRole(PARTITION, Role.Status.LEARNER).get(0).address();
                            cluster.network().setLoss(primary, learner, loss);
                            cluster.step(String.format("the primary's messages to learner %s are lost at %.0f%%",
                                    learner, loss * 100));
                            cluster.when(() -> cluster.config(PARTITION).filter(now -> now.isSecondary(learner)
                                    && now.isPrimary(primary)).isPresent(), () -> {
                                        cluster.network().setLoss(primary, learner, 0);
                                        long back = sim.between(300, 2000);
                                        cluster.crash(server(cluster, primary), back);
                                        cluster.crash(server(cluster, kept), back);
                                        cluster.step("the primary and the other secondary crashed once the learner"
                                                + " joined");
                                    });
                        });
                    }));
            return 3;
        });
    }

    /**
     * The table splits; the leading meta server dies right after the split starts or once the first
     * child copy exists. The next leader must carry the split on from what is stored.
     */
    static Scenario metaLeaderChangeDuringSplit() {
        return new Named("meta leader change during a split", cluster -> {
            Simulation sim = cluster.sim();
            boolean atCopy = sim.chance(0.5);
            long back = sim.between(100, 1500);
            sim.schedule(sim.between(300, 2500), () -> cluster.metas().leader().ifPresent(leader -> {
                leader.split();
                cluster.step("the split started");
                Runnable crashLeader = () -> cluster.metas().leader().ifPresent(current -> {
                    cluster.metas().crash(current);
                    sim.schedule(back, () -> cluster.metas().restart(current));
                    cluster.step("the leading meta server crashed " + (atCopy ? "once a child copy existed"
                            : "as the split started"));
                });
                if (atCopy) {
                    cluster.when(() -> anyChild(cluster), crashLeader);
                } else {
                    sim.schedule(sim.between(0, 50), crashLeader);
                }
            }));
            return 2;
        });
    }

    /**
     * The table splits; the parent's primary dies the moment its copy of the child exists, before the
     * child is registered. The split must finish with every write of the child's half.
     */
    static Scenario parentPrimaryCrashDuringSplitCopy() {
        return new Named("parent primary crash during a split copy", cluster -> {
            Simulation sim = cluster.sim();
            long back = sim.between(300, 2000);
            sim.schedule(sim.between(300, 2500), () -> cluster.metas().leader().ifPresent(leader -> {
                leader.split();
                cluster.step("the split started");
                Gpid child = new Gpid(PARTITION.appId(), PARTITION.partitionIndex() + 2);
                cluster.when(() -> cluster.inRole(PARTITION, Role.Status.PRIMARY).stream()
                        .anyMatch(server -> server.reports().containsKey(child)), () -> {
                            SimReplicaServer primary = cluster.inRole(PARTITION, Role.Status.PRIMARY).stream()
                                    .filter(server -> server.reports().containsKey(child)).findFirst().orElseThrow();
                            cluster.crash(primary, back);
                            cluster.step("the parent's primary crashed with its child copy in place");
                        });
            }));
            return 2;
        });
    }

    private static boolean full(PartitionConfig config) {
        return config.primary().isPresent() && config.secondaries().size() == 2;
    }

    private static boolean anyChild(Scenario.Cluster cluster) {
        return cluster.anyReplicaOf(new Gpid(SimMeta.TABLE, 2)) || cluster.anyReplicaOf(new Gpid(SimMeta.TABLE, 3));
    }

    private static RpcAddress pick(Simulation sim, List<RpcAddress> nodes) {
        return nodes.get(sim.random().nextInt(nodes.size()));
    }

    private static SimReplicaServer server(Scenario.Cluster cluster, RpcAddress address) {
        return cluster.server(address).orElseThrow();
    }
}
