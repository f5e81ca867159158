package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What goes wrong in one run of {@link ClusterSimulation}, besides the network's own faults: drawn
 * from the seed ({@link RandomFaults}), or a named sequence aimed at one protocol path
 * ({@link NamedScenarios}), with its timing drawn from the seed.
 */
interface Scenario {
    String name();

    /** Schedules the scenario's faults on the cluster before the run starts; returns how many it planned. */
    int schedule(Cluster cluster);

    /** The simulated cluster a scenario acts on, and what it can observe of it. */
    record Cluster(Simulation sim, SimNetwork network, SimMetaGroup metas, List<SimReplicaServer> servers,
            long workloadMillis, long healAt, List<String> steps) {
        /** Notes that a step of the scenario happened, so a test can tell a scenario that ran from one that never fired. */
        void step(String what) {
            steps.add(sim.now() + " ms: " + what);
        }

        /** The stored configuration of the partition, as the leading meta server knows it. */
        Optional<PartitionConfig> config(Gpid gpid) {
            return metas.leader().map(leader -> leader.configs().get(gpid));
        }

        Optional<SimReplicaServer> server(RpcAddress address) {
            return servers.stream().filter(server -> server.address().equals(address)).findFirst();
        }

        /** The up servers whose replica of the partition is in the role. */
        List<SimReplicaServer> inRole(Gpid gpid, Role.Status status) {
            return servers.stream().filter(server -> Optional.ofNullable(server.reports().get(gpid))
                    .map(PartitionReplica.Report::status).filter(status::equals).isPresent()).toList();
        }

        /** Whether any up server holds a replica of the partition. */
        boolean anyReplicaOf(Gpid gpid) {
            return servers.stream().map(SimReplicaServer::reports).anyMatch(reports -> reports.containsKey(gpid));
        }

        /** Runs {@code action} once, at the first millisecond {@code condition} holds before the heal. */
        void when(BooleanSupplier condition, Runnable action) {
            if (sim.now() >= healAt) {
                return;
            }
            if (condition.getAsBoolean()) {
                action.run();
            } else {
                sim.schedule(1, () -> when(condition, action));
            }
        }

        /** kill -9 of the server; the heal starts it again. */
        void crashUntilHeal(SimReplicaServer server) {
            if (server.isUp()) {
                server.crash();
            }
        }

        /** kill -9 of the server, started again after {@code downMillis} unless the heal does it. */
        void crash(SimReplicaServer server, long downMillis) {
            if (!server.isUp()) {
                return;
            }
            server.crash();
            sim.schedule(downMillis, () -> {
                if (!server.isUp()) {
                    server.start();
                }
            });
        }

        Map<Gpid, PartitionConfig> configs() {
            return metas.leader().map(SimMeta::configs).orElse(Map.of());
        }
    }
}
