package dev.pegasus.server.sim;

import java.util.List;

/**
 * Faults drawn from the seed: crashes with restarts and isolations of replica servers, nodes drained
 * by the balancer for a while, sometimes a whole-cluster restart, crashes of leading and following
 * meta servers, and in most runs a split of the table into four partitions while the clients work.
 */
final class RandomFaults implements Scenario {
    @Override
    public String name() {
        return "random faults";
    }

    @Override
    public int schedule(Cluster cluster) {
        Simulation sim = cluster.sim();
        int faults = crashesAndIsolations(sim, cluster.network(), cluster.servers(), cluster.workloadMillis())
                + drains(sim, cluster.metas(), cluster.servers(), cluster.workloadMillis())
                + wholeRestartsAndMetaCrashes(sim, cluster.metas(), cluster.servers(), cluster.workloadMillis(),
                        cluster.healAt());
        if (sim.chance(0.7)) {
            sim.schedule(sim.between(200, (int) cluster.workloadMillis() - 2000),
                    () -> cluster.metas().leader().ifPresent(SimMeta::split));
        }
        return faults;
    }

    /** Crashes (with restarts) and isolations at random times during the workload. */
    private static int crashesAndIsolations(Simulation sim, SimNetwork network, List<SimReplicaServer> servers,
            long workloadMillis) {
        int faults = sim.between(1, 5);
        for (int i = 0; i < faults; i++) {
            SimReplicaServer victim = servers.get(sim.random().nextInt(servers.size()));
            long at = sim.between(300, (int) workloadMillis - 500);
            long lasts = sim.between(100, 3000);
            if (sim.chance(0.6)) {
                sim.schedule(at, () -> {
                    if (victim.isUp()) {
                        victim.crash();
                        sim.schedule(lasts, () -> {
                            if (!victim.isUp()) {
                                victim.start();
                            }
                        });
                    }
                });
            } else {
                sim.schedule(at, () -> {
                    network.setIsolated(victim.address(), true);
                    sim.schedule(lasts, () -> network.setIsolated(victim.address(), false));
                });
            }
        }
        return faults;
    }

    /**
     * Nodes drained for a while and then kept after all, so the balancer hands primaries over, copies
     * replicas away and back, and removes the old copies, while the other faults strike.
     */
    private static int drains(Simulation sim, SimMetaGroup metas, List<SimReplicaServer> servers, long workloadMillis) {
        int drains = sim.between(0, 3);
        for (int i = 0; i < drains; i++) {
            SimReplicaServer node = servers.get(sim.random().nextInt(servers.size()));
            long at = sim.between(200, (int) workloadMillis - 1000);
            long lasts = sim.between(300, 4000);
            sim.schedule(at, () -> {
                metas.leader().ifPresent(leader -> leader.drain(node.address(), true));
                sim.schedule(lasts, () -> metas.leader().ifPresent(leader -> leader.drain(node.address(), false)));
            });
        }
        return drains;
    }

    /**
     * Sometimes the whole cluster stops at once (kill -9 of the meta servers and every replica server,
     * writes in flight) and comes back in a random order, one replica server now and then only at the
     * heal; sometimes the leading meta server alone crashes, and another takes over once its ZooKeeper
     * session expires; sometimes a follower crashes.
     */
    private static int wholeRestartsAndMetaCrashes(Simulation sim, SimMetaGroup metas, List<SimReplicaServer> servers,
            long workloadMillis, long healAt) {
        int faults = 0;
        if (sim.chance(0.35)) {
            faults++;
            long at = sim.between(1000, (int) workloadMillis - 1500);
            long metaBack = sim.between(50, 1500);
            List<Long> serversBack = servers.stream().map(server -> (long) (sim.chance(0.15)
                    ? healAt - at : sim.between(50, 2500))).toList();
            sim.schedule(at, () -> {
                metas.members().forEach(metas::crash);
                servers.stream().filter(SimReplicaServer::isUp).forEach(SimReplicaServer::crash);
                sim.schedule(metaBack, () -> metas.members().forEach(metas::restart));
                for (int i = 0; i < servers.size(); i++) {
                    SimReplicaServer server = servers.get(i);
                    sim.schedule(serversBack.get(i), () -> {
                        if (!server.isUp()) {
                            server.start();
                        }
                    });
                }
            });
        }
        int metaCrashes = sim.chance(0.5) ? sim.between(1, 3) : 0;
        for (int i = 0; i < metaCrashes; i++) {
            faults++;
            long at = sim.between(300, (int) workloadMillis - 500);
            long back = sim.between(50, 2000);
            boolean leader = sim.chance(0.8);
            int follower = sim.random().nextInt(metas.members().size());
            sim.schedule(at, () -> {
                SimMeta victim = leader ? metas.leader().orElse(null) : metas.members().get(follower);
                if (victim != null && victim.isUp()) {
                    metas.crash(victim);
                    sim.schedule(back, () -> metas.restart(victim));
                }
            });
        }
        return faults;
    }
}
