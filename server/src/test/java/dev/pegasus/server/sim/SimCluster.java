package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.InMemoryStateTree;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.meta.RemoteClusters;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated cluster: three meta servers over a ZooKeeper tree of their own (one leads), five
 * replica servers, and the invariants their replicas are checked against. Ports count from a base:
 * the meta servers at base, base + 10 and base + 20, the replica servers at base + 1 to base + 5.
 */
final class SimCluster {
    static final int REPLICA_SERVERS = 5;

    final List<RpcAddress> metaAddresses;
    final SimMetaGroup metas;
    final List<SimReplicaServer> servers = new ArrayList<>();
    final Invariants invariants = new Invariants();

    /**
     * Builds the cluster and starts its servers.
     *
     * @param remotes        how its meta servers reach the other clusters
     * @param remoteClusters how its replica servers reach them: filled in by the caller once they exist
     * @param clockSkews     how far each replica server's wall clock runs ahead (ms; behind when negative)
     */
    SimCluster(int portBase, Simulation sim, SimNetwork network, CoreOptions options, Path disk,
            StorageEnvironment storage, MetaOptions metaOptions, RemoteClusters remotes,
            Map<List<String>, SimMetaGroup> remoteClusters, long[] clockSkews) {
        InMemoryStateTree zookeeper = new InMemoryStateTree("/pegasus/sim");
        metaAddresses = List.of(address(portBase), address(portBase + 10), address(portBase + 20));
        metas = new SimMetaGroup(sim, metaAddresses.stream()
                .map(meta -> new SimMeta(meta, sim, network, zookeeper, metaOptions, remotes)).toList());
        for (int i = 0; i < REPLICA_SERVERS; i++) {
            SimReplicaServer server = new SimReplicaServer(address(portBase + 1 + i), metaAddresses, sim, network,
                    invariants, options, disk.resolve("replica" + (i + 1)), storage, remoteClusters, clockSkews[i]);
            servers.add(server);
            server.start();
        }
        metas.start();
    }

    /** Every fault ends: the meta servers and replica servers are up and connected again. */
    void heal(SimNetwork network) {
        metas.members().forEach(metas::restart);
        servers.forEach(server -> {
            network.setIsolated(server.address(), false);
            if (!server.isUp()) {
                server.start();
            }
        });
    }

    /** Checked after every event: what the meta server counts as committed is held by the replicas. */
    void checkCommittedIsHeld() {
        metas.leader().ifPresent(leader -> invariants.committedIsHeld(leader.configs(), leader::holdsRole, reports()));
    }

    Map<RpcAddress, Map<Gpid, PartitionReplica.Report>> reports() {
        Map<RpcAddress, Map<Gpid, PartitionReplica.Report>> reports = new HashMap<>();
        servers.forEach(server -> reports.put(server.address(), server.reports()));
        return reports;
    }

    void crashAll() {
        servers.stream().filter(SimReplicaServer::isUp).forEach(SimReplicaServer::crash);
    }

    /** The meta servers' addresses as a duplication names them. */
    List<String> metaNames() {
        return metaAddresses.stream().map(RpcAddress::toString).toList();
    }

    static RpcAddress address(int port) {
        return new RpcAddress(0x7F000001, port);
    }
}
