package dev.pegasus.server.sim;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.configuration_create_app_request;
import dev.pegasus.protocol.thrift.configuration_create_app_response;
import dev.pegasus.protocol.thrift.create_app_options;
import dev.pegasus.protocol.thrift.duplication_add_request;
import dev.pegasus.protocol.thrift.duplication_add_response;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import dev.pegasus.protocol.thrift.start_split_request;
import dev.pegasus.server.meta.BalancerOptions;
import dev.pegasus.server.meta.GuardianOptions;
import dev.pegasus.server.meta.InMemoryStateTree;
import dev.pegasus.server.meta.MetaControlPlane;
import dev.pegasus.server.meta.MetaOptions;
import dev.pegasus.server.meta.RemoteClusters;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated meta server: the production {@link MetaControlPlane} (syncs and leases, proposals,
 * routes, the guardian, the balancer, splits) over an {@link InMemoryStateTree} that stands for
 * ZooKeeper and outlives it, on the simulation's clock, with its rounds scheduled as the real server
 * schedules them. Elected by {@link SimMetaGroup}; a follower answers "not the leader" as the real
 * one answers ERR_FORWARD_TO_OTHERS. A crash loses everything but the tree; a new leader is fenced as
 * in ZooKeeper and loads the state as the real one does.
 */
final class SimMeta {
    /** The app id of the one table: the first a cluster creates. */
    static final int TABLE = 1;
    static final String TABLE_NAME = "sim";
    private static final String ROOT = "/pegasus/sim";
    static final MetaOptions OPTIONS = MetaOptions.of("127.0.0.1", 1000, "unused", "sim")
            .withGuardian(guardian -> new GuardianOptions(Duration.ofMillis(SimReplicaServer.LEASE_MILLIS),
                    Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(5000)))
            .withBalancer(balancer -> new BalancerOptions(Duration.ofMillis(200), 1, 2, 3, 0));

    private final RpcAddress address;
    private final Simulation sim;
    private final SimNetwork network;
    private final InMemoryStateTree tree;
    private final MetaOptions options;
    private final RemoteClusters remotes;
    private MetaControlPlane plane;
    private boolean up;
    /** Which leadership the periodic rounds belong to: a restart stops the previous ones. */
    private long life;
    private String fence;

    SimMeta(RpcAddress address, Simulation sim, SimNetwork network, InMemoryStateTree tree) {
        this(address, sim, network, tree, OPTIONS, NO_REMOTES);
    }

    /** @param remotes how it reaches the clusters its {@code options} name for duplications */
    SimMeta(RpcAddress address, Simulation sim, SimNetwork network, InMemoryStateTree tree, MetaOptions options,
            RemoteClusters remotes) {
        this.address = address;
        this.sim = sim;
        this.network = network;
        this.tree = tree;
        this.options = options;
        this.remotes = remotes;
        network.attach(address, this::receive);
    }

    /** For a cluster that duplicates nowhere: no remote cluster answers. */
    static final RemoteClusters NO_REMOTES = new SimRemoteClusters(Map.of());

    RpcAddress address() {
        return address;
    }

    boolean isUp() {
        return up;
    }

    /** Whether it is up and leads. */
    boolean leads() {
        return plane != null;
    }

    /** Starts (or restarts) as a follower: it answers every request with "not the leader". */
    void start() {
        up = true;
        network.setDown(address, false);
    }

    /** Won the election: its latch node appears, then it loads the stored state as the real leader does. */
    void lead() {
        life++;
        fence = ROOT + "/leader-latch-" + address.port() + "-" + life;
        tree.createFence(fence);
        plane = MetaControlPlane.over(tree, () -> fence, options, () -> sim.now() * 1_000_000, sim::now, remotes);
        run(plane::takeOver);
        long started = life;
        repeat(options.guardian().checkInterval().toMillis(), started, () -> {
            run(plane::guardPartitions);
            run(plane::advanceSplits);
        });
        repeat(options.balancer().interval().toMillis(), started, () -> run(plane::balance));
        repeat(options.duplicationRound().toMillis(), started, () -> run(plane::storeDuplicationProgress));
    }

    /** kill -9: memory is gone; its latch node outlives it until its session expires. */
    void crash() {
        up = false;
        plane = null;
        network.setDown(address, true);
    }

    /** ZooKeeper ended the session of a crashed leader: its latch node is gone. */
    void sessionExpired() {
        tree.removeFence(fence);
    }

    private void repeat(long period, long started, Runnable round) {
        sim.schedule(period, () -> {
            if (plane != null && life == started) {
                round.run();
                repeat(period, started, round);
            }
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    /** As the real server runs a round: a refusal (RpcException) is logged and retried; anything else fails the seed. */
    private static void run(Step step) {
        try {
            step.run();
        } catch (RpcException refused) {
            // The next round tries again.
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the table as a client's create_app does, on the replica servers alive now.
     *
     * @return false when too few replica servers are alive yet, as create_app answers then
     */
    boolean createTable(int partitionCount, int replicaCount) {
        configuration_create_app_response created;
        try {
            created = plane.createTable(new configuration_create_app_request(TABLE_NAME,
                    new create_app_options(partitionCount, replicaCount, false, "pegasus", true, Map.of())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (ErrorCode.ERR_NOT_ENOUGH_MEMBER.name().equals(created.getErr())) {
            return false;
        }
        if (created.getAppid() != TABLE) {
            throw new IllegalStateException("the table was not created as app " + TABLE + ": " + created);
        }
        return true;
    }

    /**
     * Duplicates the table to the remote cluster, as a client's dup add does.
     *
     * @return the dupid, or empty when the meta server refuses (the remote table does not exist yet)
     */
    Optional<Integer> addDuplication(String remoteCluster) {
        duplication_add_response added;
        try {
            added = plane.addDuplication(new duplication_add_request(TABLE_NAME, remoteCluster)
                    .setIs_duplicating_checkpoint(false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ErrorCode.ERR_OK.name().equals(added.getErr()) ? Optional.of(added.getDupid()) : Optional.empty();
    }

    boolean duplicationStarted(int dupid) {
        return plane.duplicationStarted(dupid);
    }

    int clusterId() {
        return options.duplication().clusterId();
    }

    /** The table's partition count, as a route query answers; 0 while it does not exist. */
    int partitionCount() {
        return plane.route(new query_cfg_request(TABLE_NAME, List.of())).getPartition_count();
    }

    /** Doubles the table's partitions, as a client's start_partition_split does. */
    void split() {
        run(() -> plane.startSplit(new start_split_request(TABLE_NAME)));
    }

    /** Starts or stops draining a node, as the shell's decommission does. */
    void drain(RpcAddress node, boolean drain) {
        run(() -> plane.drain(node, drain));
    }

    /** The configuration of every partition, as the leader knows them. */
    Map<Gpid, PartitionConfig> configs() {
        return plane.configurations();
    }

    boolean holdsRole(Gpid gpid, RpcAddress node) {
        return plane.holdsRole(gpid, node);
    }

    private void receive(RpcAddress from, Object message) {
        if (!up) {
            return;
        }
        if (plane == null) {
            network.send(address, from, new SimMessages.NotLeader(message));
        } else if (message instanceof SimMessages.Beacon beacon) {
            network.send(address, from, new SimMessages.BeaconReply(plane.answerSync(beacon.request()),
                    beacon.sentAt()));
        } else if (message instanceof SimMessages.Proposal proposal) {
            run(() -> network.send(address, from, new SimMessages.ProposalAnswer(plane.propose(proposal.request()),
                    proposal.id())));
        } else if (message instanceof SimMessages.RouteQuery query) {
            query_cfg_response routes = plane.route(new query_cfg_request(TABLE_NAME,
                    List.of(query.gpid().partitionIndex())));
            Optional<PartitionConfig> config = routes.getPartitions() == null ? Optional.empty()
                    : routes.getPartitions().stream().findFirst().map(PartitionConfigCodec::fromThrift);
            config.ifPresent(found -> network.send(address, from, new SimMessages.RouteReply(query.gpid(), found,
                    routes.getPartition_count())));
        }
    }
}
