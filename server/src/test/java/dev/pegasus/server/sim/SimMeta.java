package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.BalanceAction;
import dev.pegasus.server.meta.core.BalancePlanner;
import dev.pegasus.server.meta.core.ChildRegistration;
import dev.pegasus.server.meta.core.ClusterView;
import dev.pegasus.server.meta.core.GuardianAction;
import dev.pegasus.server.meta.core.MemberStanding;
import dev.pegasus.server.meta.core.PartitionGuardian;
import dev.pegasus.server.meta.core.PartitionSettlement;
import dev.pegasus.server.meta.core.ReplicaMove;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.sim.SimMessages.Beacon;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A simulated meta server: keeps partition configurations and their members' lives durably (as
 * ZooKeeper does), grants leases in answer to beacons, declares a replica server dead once its lease
 * and a grace period have passed, and applies the real {@link PartitionGuardian}'s and
 * {@link BalancePlanner}'s decisions. It can crash, losing everything but the durable state, and
 * restart as a new leader that presumes the stored members alive for one node timeout.
 */
final class SimMeta implements ClusterView {
    private static final Set<Role.Status> IN_ROLE = Set.of(Role.Status.PRIMARY, Role.Status.SECONDARY,
            Role.Status.LEARNER);
    static final long GRACE_MILLIS = 500;
    /** The app id of the one table. */
    static final int TABLE = 1;
    private static final long CHECK_MILLIS = 50;
    private static final long ADD_DELAY_MILLIS = 500;
    private static final long LEARN_TIMEOUT_MILLIS = 5000;
    private static final long BALANCE_MILLIS = 200;
    /** How long a child's registration waits for every member of its parent to report the copy. */
    private static final long COPY_WAIT_MILLIS = 1500;
    private static final BalancePlanner.Limits LIMITS = new BalancePlanner.Limits(1, 2);

    /** @param heard whether the node beaconed this leader itself; false while it is only presumed alive */
    private record NodeState(long lastBeaconAt, long incarnation, Map<Gpid, PartitionReplica.Report> reports,
            boolean heard) {}

    private record PendingLearner(RpcAddress node, long since) {}

    private final RpcAddress address;
    private final Simulation sim;
    private final SimNetwork network;
    private final Invariants invariants;
    private final int replicaCount;
    // Durable, as in ZooKeeper: configurations, members' lives, the split under way.
    private final Map<Gpid, PartitionConfig> configs = new TreeMap<>();
    private final Map<Gpid, Map<RpcAddress, Long>> memberIncarnation = new HashMap<>();
    /** Parents whose children are not registered yet, while the table splits. */
    private final Set<Gpid> splittingParents = new TreeSet<>();
    private int partitionCount;
    // Lost in a crash.
    private final Map<RpcAddress, NodeState> nodes = new TreeMap<>();
    private final Map<Gpid, PendingLearner> learners = new HashMap<>();
    private final Map<Gpid, Long> lastChangeAt = new HashMap<>();
    private final Set<RpcAddress> draining = new TreeSet<>();
    private final Map<Gpid, ReplicaMove> moves = new HashMap<>();
    private final Map<Gpid, Long> copySeenAt = new HashMap<>();
    private boolean up;
    /** Which start the periodic check belongs to: a restart stops the previous one. */
    private long life;
    private long splitsRegistered;
    private long lastBalanceAt;
    private long reconfigurations;
    private long balanceSteps;

    SimMeta(RpcAddress address, Simulation sim, SimNetwork network, Invariants invariants, int replicaCount) {
        this.address = address;
        this.sim = sim;
        this.network = network;
        this.invariants = invariants;
        this.replicaCount = replicaCount;
        network.attach(address, this::receive);
    }

    RpcAddress address() {
        return address;
    }

    long reconfigurations() {
        return reconfigurations;
    }

    /** Hand-overs, copies started and copies removed by the balancer. */
    long balanceSteps() {
        return balanceSteps;
    }

    /** Children registered after their parent split. */
    long splitsRegistered() {
        return splitsRegistered;
    }

    /**
     * Doubles the table's partitions, as the split coordinator does: the children exist unregistered
     * (ballot 0, no members), clients send their keys to the parents until they are registered.
     */
    void split() {
        if (!splittingParents.isEmpty()) {
            return;
        }
        int parents = partitionCount;
        for (int index = 0; index < parents; index++) {
            splittingParents.add(new Gpid(TABLE, index));
            configs.put(new Gpid(TABLE, index + parents), new PartitionConfig(0, Optional.empty(), List.of(), List.of()));
        }
        partitionCount = parents * 2;
    }

    /** Starts or stops draining a node: the balancer moves its replicas away. */
    void drain(RpcAddress node, boolean drain) {
        if (drain) {
            draining.add(node);
        } else {
            draining.remove(node);
        }
    }

    /** A new partition on the given nodes, which are known alive with the given incarnations. */
    void create(Gpid gpid, List<RpcAddress> members, Map<RpcAddress, Long> incarnations) {
        if (gpid.appId() != TABLE || gpid.partitionIndex() != partitionCount) {
            throw new IllegalArgumentException("partitions of table " + TABLE + " are created in order, not " + gpid);
        }
        partitionCount++;
        members.forEach(node -> nodes.putIfAbsent(node, new NodeState(sim.now(), incarnations.get(node), Map.of(), true)));
        store(gpid, new PartitionConfig(1, Optional.of(members.get(0)), members.subList(1, members.size()), List.of()));
    }

    void start() {
        up = true;
        long started = ++life;
        network.setDown(address, false);
        sim.schedule(CHECK_MILLIS, () -> check(started));
    }

    boolean isUp() {
        return up;
    }

    /** A crash: only the durable state is kept. */
    void crash() {
        up = false;
        network.setDown(address, true);
        nodes.clear();
        learners.clear();
        lastChangeAt.clear();
        moves.clear();
        copySeenAt.clear();
    }

    /**
     * A new leadership over the durable state: every stored member is presumed alive for one node
     * timeout, as the real meta server does, and changes count from now.
     */
    void restart() {
        configs.forEach((gpid, config) -> {
            config.members().forEach(node -> nodes.putIfAbsent(node, new NodeState(sim.now(), 0, Map.of(), false)));
            config.lastDrops().forEach(node -> nodes.putIfAbsent(node, new NodeState(sim.now(), 0, Map.of(), false)));
            lastChangeAt.put(gpid, sim.now());
        });
        lastBalanceAt = sim.now();
        start();
    }

    Map<Gpid, PartitionConfig> configs() {
        return Map.copyOf(configs);
    }

    Optional<PartitionConfig> config(Gpid gpid) {
        return Optional.ofNullable(configs.get(gpid));
    }

    private void receive(RpcAddress from, Object message) {
        if (!up) {
            return;
        }
        if (message instanceof Beacon beacon) {
            nodes.put(from, new NodeState(sim.now(), beacon.incarnation(), beacon.reports(), true));
            // As the real meta server: configurations naming the server, so it takes its roles, and those
            // of replicas it holds in a role without being a member any more, so it steps down before its
            // lease is renewed. A restarted server gets no role back from a configuration that named its
            // previous life. Nothing else reaches the replicas: no change is pushed to them.
            Map<Gpid, PartitionConfig> theirs = new TreeMap<>();
            configs.forEach((gpid, config) -> {
                boolean member = config.isMember(from);
                if (config.ballot() == 0) {
                    return;
                }
                PartitionReplica.Report report = beacon.reports().get(gpid);
                if (member && report != null) {
                    adopt(from, beacon.incarnation(), gpid, config, report);
                }
                if (member ? !lostReplica(from, gpid) : report != null && IN_ROLE.contains(report.status())) {
                    theirs.put(gpid, config);
                }
            });
            Map<Gpid, Integer> splits = new TreeMap<>();
            splittingParents.stream().filter(parent -> configs.get(parent).isPrimary(from))
                    .forEach(parent -> splits.put(parent, partitionCount));
            network.send(address, from, new SimMessages.BeaconReply(beacon.sentAt(), beacon.incarnation(), theirs,
                    partitionCount, !splittingParents.isEmpty(), splits));
        } else if (message instanceof SimMessages.Proposal proposal) {
            // As the real meta server answers a proposal: to the proposer only, with the configuration in
            // force afterwards, whether it accepted the change or not.
            PartitionConfig current = configs.get(proposal.gpid());
            Optional<PartitionConfig> accepted = PartitionGuardian.accept(current, from, proposal.proposal());
            accepted.ifPresent(config -> store(proposal.gpid(), config));
            network.send(address, from, new SimMessages.ProposalAnswer(proposal.gpid(), accepted.orElse(current),
                    proposal.incarnation(), proposal.id()));
        } else if (message instanceof SimMessages.RouteQuery query) {
            network.send(address, from, new SimMessages.RouteReply(query.gpid(), configs.get(query.gpid()),
                    partitionCount));
        }
    }

    /** As the real meta server: a member seen in its role at the configuration's ballot, of unknown life, has this one. */
    private void adopt(RpcAddress node, long incarnation, Gpid gpid, PartitionConfig config, PartitionReplica.Report report) {
        Role.Status role = config.isPrimary(node) ? Role.Status.PRIMARY : Role.Status.SECONDARY;
        Map<RpcAddress, Long> lives = memberIncarnation.computeIfAbsent(gpid, g -> new HashMap<>());
        if (!lives.containsKey(node) && report.status() == role && report.ballot() == config.ballot()) {
            lives.put(node, incarnation);
        }
    }

    private void check(long started) {
        if (!up || life != started) {
            return;
        }
        for (Gpid gpid : List.copyOf(configs.keySet())) {
            PartitionConfig config = configs.get(gpid);
            boolean learnerPending = learnerPending(gpid, config).isPresent();
            boolean addDue = sim.now() - lastChangeAt.getOrDefault(gpid, 0L) >= ADD_DELAY_MILLIS;
            Optional<GuardianAction> action = PartitionGuardian.cure(gpid, config, replicaCount, this, learnerPending,
                    addDue);
            if (action.isPresent() && action.get() instanceof GuardianAction.Reconfigure reconfigure) {
                store(gpid, reconfigure.config());
            } else if (action.isPresent() && action.get() instanceof GuardianAction.InviteLearner invite) {
                learners.put(gpid, new PendingLearner(invite.node(), sim.now()));
                network.send(address, invite.primary(), new SimMessages.Invite(gpid, invite.node(), invite.ballot()));
            }
        }
        List.copyOf(splittingParents).forEach(this::registerChildIfCopied);
        if (sim.now() - lastBalanceAt >= BALANCE_MILLIS) {
            lastBalanceAt = sim.now();
            balance();
        }
        sim.schedule(CHECK_MILLIS, () -> check(started));
    }

    private Optional<RpcAddress> learnerPending(Gpid gpid, PartitionConfig config) {
        PendingLearner learner = learners.get(gpid);
        boolean pending = learner != null && isAlive(learner.node())
                && sim.now() - learner.since() < LEARN_TIMEOUT_MILLIS && !config.isMember(learner.node());
        return pending ? Optional.of(learner.node()) : Optional.empty();
    }

    /** The real coordinator's rule: with the parent's primary and the members that report the copy. */
    private void registerChildIfCopied(Gpid parent) {
        Gpid child = new Gpid(TABLE, parent.partitionIndex() + partitionCount / 2);
        PartitionConfig config = configs.get(parent);
        Predicate<RpcAddress> hasCopy = node -> {
            NodeState state = nodes.get(node);
            return isAlive(node) && state != null && state.reports().containsKey(child);
        };
        if (!ChildRegistration.copyStarted(config, hasCopy)) {
            return;
        }
        long seen = copySeenAt.computeIfAbsent(child, c -> sim.now());
        ChildRegistration.decide(config, hasCopy, sim.now() - seen >= COPY_WAIT_MILLIS).ifPresent(childConfig -> {
            store(child, childConfig);
            splittingParents.remove(parent);
            splitsRegistered++;
        });
    }

    /** A round of the real balance planner, as the meta server's balancer runs it. */
    private void balance() {
        moves.entrySet().removeIf(entry -> {
            PartitionConfig config = configs.get(entry.getKey());
            return !entry.getValue().underWayIn(config, replicaCount,
                    learnerPending(entry.getKey(), config).equals(Optional.of(entry.getValue().to())));
        });
        if (aliveNodes().size() < 3) {
            return;
        }
        List<BalancePlanner.Partition> partitions = new ArrayList<>();
        configs.forEach((gpid, config) -> partitions.add(new BalancePlanner.Partition(gpid, config, replicaCount,
                settled(gpid, config))));
        for (BalanceAction action : BalancePlanner.plan(partitions, aliveNodes(), draining, Map.copyOf(moves), LIMITS,
                true)) {
            balanceSteps++;
            if (action instanceof BalanceAction.Reconfigure reconfigure) {
                store(action.gpid(), reconfigure.config());
            } else if (action instanceof BalanceAction.StartMove start) {
                moves.put(action.gpid(), start.move());
                learners.put(action.gpid(), new PendingLearner(start.move().to(), sim.now()));
                network.send(address, start.primary(), new SimMessages.Invite(action.gpid(), start.move().to(),
                        start.ballot()));
            }
        }
    }

    /** As the meta server's balancer decides it, from the members' last beacons. */
    private boolean settled(Gpid gpid, PartitionConfig config) {
        return PartitionSettlement.settled(config, member -> {
            NodeState state = nodes.get(member);
            PartitionReplica.Report report = state == null ? null : state.reports().get(gpid);
            if (report == null || !isAlive(member) || lostReplica(member, gpid)) {
                return Optional.empty();
            }
            return Optional.of(new PartitionSettlement.Served(report.status() == Role.Status.PRIMARY,
                    report.status() == Role.Status.SECONDARY, report.ballot(), report.lagging()));
        });
    }

    /** Configurations are durable before anyone hears of them. */
    private void store(Gpid gpid, PartitionConfig config) {
        PartitionConfig previous = configs.put(gpid, config);
        if (previous != null && config.ballot() <= previous.ballot()) {
            invariants.violation("meta stored " + config + " over " + previous);
        }
        reconfigurations++;
        lastChangeAt.put(gpid, sim.now());
        Map<RpcAddress, Long> incarnations = memberIncarnation.computeIfAbsent(gpid, g -> new HashMap<>());
        for (RpcAddress member : config.members()) {
            if (previous == null || !previous.isMember(member)) {
                NodeState state = nodes.get(member);
                if (state != null && state.heard()) {
                    incarnations.put(member, state.incarnation());
                } else {
                    incarnations.remove(member);
                }
            }
        }
        incarnations.keySet().retainAll(config.members());
    }

    // ---------------------------------------------------------------- ClusterView

    @Override
    public boolean isAlive(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state != null && sim.now() - state.lastBeaconAt() <= SimReplicaServer.LEASE_MILLIS + GRACE_MILLIS;
    }

    @Override
    public boolean isHeard(RpcAddress node) {
        NodeState state = nodes.get(node);
        return isAlive(node) && state.heard();
    }

    @Override
    public boolean lostReplica(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        Long joined = memberIncarnation.getOrDefault(gpid, Map.of()).get(node);
        PartitionReplica.Report report = state == null || !isAlive(node) ? null : state.reports().get(gpid);
        MemberStanding.Reported standing = report == null ? MemberStanding.Reported.IN_ROLE
                : report.status() == Role.Status.ERROR ? MemberStanding.Reported.FAILED
                        : report.status() == Role.Status.INACTIVE ? MemberStanding.Reported.INACTIVE
                                : MemberStanding.Reported.IN_ROLE;
        return MemberStanding.lost(joined == null ? OptionalLong.empty() : OptionalLong.of(joined),
                state == null || !state.heard() ? OptionalLong.empty() : OptionalLong.of(state.incarnation()),
                standing, report == null ? 0 : report.ballot(), configs.get(gpid).ballot());
    }

    @Override
    public Optional<Progress> progress(RpcAddress node, Gpid gpid) {
        if (!isHeard(node)) {
            return Optional.empty();
        }
        PartitionReplica.Report report = nodes.get(node).reports().get(gpid);
        return report == null || report.status() == Role.Status.ERROR ? Optional.empty()
                : Optional.of(new Progress(report.committed(), report.prepared()));
    }

    @Override
    public int replicaCount(RpcAddress node) {
        return (int) configs.values().stream().filter(config -> config.isMember(node)).count();
    }

    @Override
    public List<RpcAddress> aliveNodes() {
        List<RpcAddress> alive = new ArrayList<>();
        nodes.keySet().stream().filter(this::isHeard).forEach(alive::add);
        return alive;
    }
}
