package dev.pegasus.server.meta;

import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.configuration_create_app_request;
import dev.pegasus.protocol.thrift.configuration_create_app_response;
import dev.pegasus.protocol.thrift.duplication_add_request;
import dev.pegasus.protocol.thrift.duplication_add_response;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import dev.pegasus.protocol.thrift.start_split_request;
import dev.pegasus.protocol.thrift.start_split_response;
import dev.pegasus.protocol.thrift.update_partition_request;
import dev.pegasus.protocol.thrift.update_partition_response;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The meta server's decisions and the state they work on: which nodes live, the tables and their
 * partitions' configurations, learner invitations, the guardian, the balancer, splits, backups,
 * restores and bulk loads, over a {@link MetaStateStore}. It has no threads, sockets or clocks of its
 * own: {@link MetaServer} serves it over RPC on its threads with ZooKeeper and the system clocks, and
 * the simulation drives it from its event loop over an {@link InMemoryStateTree} and simulated time.
 */
public final class MetaControlPlane {
    final MetaOptions options;
    final NodeRegistry nodes;
    final MemberLives lives;
    final PartitionChanges changes;
    final LearnerInvitations invitations;
    final BalanceSettings balanceSettings;
    final TableManager tables;
    final BackupCoordinator backups;
    final BackupPolicies policies;
    final RestoreCoordinator restores;
    final BulkLoadCoordinator bulkLoads;
    final SplitCoordinator splits;
    final SyncResponder syncs;
    final GuardianLoop guardian;
    final ReplicaMoves moves;
    final PartitionHealth health;
    final BalancerLoop balancer;
    final BalanceService balance;
    final ProposalHandler proposals;
    final ForcedRecovery recovery;
    final DuplicationCoordinator duplications;
    final RemoteClusters remotes;

    MetaControlPlane(MetaStateStore stateStore, MetaOptions options, LongSupplier nanoClock, LongSupplier wallClockMillis,
            BackupCoordinator.FileStoreOpener fileStores, RemoteClusters remotes) {
        this.options = options;
        this.remotes = remotes;
        GuardianOptions guardianOptions = options.guardian();
        this.nodes = new NodeRegistry(guardianOptions.nodeTimeout(), nanoClock);
        this.lives = new MemberLives(nodes);
        this.changes = new PartitionChanges(nanoClock);
        this.invitations = new LearnerInvitations(nodes, guardianOptions.learnTimeout(), nanoClock);
        this.balanceSettings = new BalanceSettings(stateStore);
        this.tables = new TableManager(stateStore, nodes, balanceSettings, options, wallClockMillis, lives, changes);
        this.backups = new BackupCoordinator(stateStore, tables, fileStores, wallClockMillis);
        this.policies = new BackupPolicies(stateStore, backups, fileStores, wallClockMillis);
        this.restores = new RestoreCoordinator(tables, nodes, fileStores);
        this.bulkLoads = new BulkLoadCoordinator(stateStore, tables, fileStores, wallClockMillis);
        this.splits = new SplitCoordinator(stateStore, tables, nodes, bulkLoads, backups, nanoClock, wallClockMillis);
        this.duplications = new DuplicationCoordinator(stateStore, tables, options.clusterName(), options.duplication(),
                remotes, wallClockMillis);
        this.syncs = new SyncResponder(nodes, lives, invitations, tables, backups, restores, bulkLoads, splits,
                duplications, options.duplication().clusterId(), guardianOptions.lease());
        this.guardian = new GuardianLoop(tables, nodes, lives, changes, invitations, balanceSettings,
                guardianOptions.addDelay());
        this.moves = new ReplicaMoves(invitations);
        this.health = new PartitionHealth(nodes, lives, invitations, guardian::waitReason);
        this.balancer = new BalancerLoop(tables, nodes, health, invitations, moves, balanceSettings, options.balancer());
        this.balance = new BalanceService(balanceSettings, balancer, tables, nodes);
        this.proposals = new ProposalHandler(tables);
        this.recovery = new ForcedRecovery(tables, nodes);
    }

    /**
     * A control plane over a state tree, fenced by {@code fenceNode} (the leader's latch node), on the
     * given clocks; backups, restores and bulk loads reach file stores through {@link FileStores}.
     */
    public static MetaControlPlane over(InMemoryStateTree tree, Supplier<String> fenceNode, MetaOptions options,
            LongSupplier nanoClock, LongSupplier wallClockMillis) {
        return over(tree, fenceNode, options, nanoClock, wallClockMillis, new ClientRemoteClusters());
    }

    /** As {@link #over(InMemoryStateTree, Supplier, MetaOptions, LongSupplier, LongSupplier)}, reaching other clusters through {@code remotes}. */
    public static MetaControlPlane over(InMemoryStateTree tree, Supplier<String> fenceNode, MetaOptions options,
            LongSupplier nanoClock, LongSupplier wallClockMillis, RemoteClusters remotes) {
        return new MetaControlPlane(new MetaStateStore(tree, options.zookeeperRoot(), fenceNode::get), options,
                nanoClock, wallClockMillis, FileStores::open, remotes);
    }

    /** On becoming the leader: forgets whatever it knew and loads the stored state, which a previous leader may have changed. */
    public void takeOver() throws Exception {
        nodes.clear();
        changes.reset();
        invitations.clear();
        moves.clear();
        balanceSettings.load();
        tables.load();
        backups.load();
        policies.load();
        bulkLoads.load();
        splits.load();
        duplications.load();
    }

    /** A replica server's config sync: its beacon and lease request. From memory. */
    public config_sync_response answerSync(config_sync_request request) {
        return syncs.answer(request);
    }

    /** A primary's proposal to change its partition; an accepted change is stored before the answer. */
    public update_partition_response propose(update_partition_request request) throws Exception {
        return proposals.handle(request);
    }

    /** A route query, with each partition's health. From memory. */
    public query_cfg_response route(query_cfg_request request) {
        query_cfg_response response = tables.query(request);
        if (response.getPartitions() != null) {
            response.setPartition_problems(new ArrayList<>(response.getPartitions().stream()
                    .map(config -> problemOf(Gpid.unpack(config.getPid())).orElse("")).toList()));
        }
        return response;
    }

    /** Why the partition does not serve as configured; empty when it does. */
    Optional<String> problemOf(Gpid gpid) {
        return tables.availablePartition(gpid).flatMap(health::problem);
    }

    public configuration_create_app_response createTable(configuration_create_app_request request) throws Exception {
        return tables.create(request);
    }

    public start_split_response startSplit(start_split_request request) throws Exception {
        return splits.start(request);
    }

    /** Starts or stops draining a node: the balancer moves its replicas away. */
    public void drain(RpcAddress node, boolean drain) throws Exception {
        balanceSettings.setDraining(node, drain);
    }

    /** One guardian round: replaces dead members, invites learners. */
    public void guardPartitions() throws Exception {
        guardian.runRound();
    }

    /** One round of partition splits: registers children whose copies are in place, ends splits. */
    public void advanceSplits() throws Exception {
        splits.advance();
    }

    /** One balancing round. */
    public void balance() throws Exception {
        balancer.runRound();
    }

    /** Adds a duplication as a client's dup add does (asking the remote cluster, on this thread). */
    public duplication_add_response addDuplication(duplication_add_request request) throws Exception {
        return duplications.add(request);
    }

    /** Whether every primary of the duplication has said where it starts, and that is stored. */
    public boolean duplicationStarted(int dupid) {
        return duplications.started(dupid);
    }

    /** Stores the duplications' reported progress, as the real server does every round. */
    public void storeDuplicationProgress() throws Exception {
        duplications.storeProgress();
    }

    /**
     * Whether the node is a member of the partition's configuration that still holds its role there:
     * one the guardian neither replaces nor ever makes primary ({@link MemberLives#lost}).
     */
    public boolean holdsRole(Gpid gpid, RpcAddress node) {
        return tables.availablePartition(gpid).filter(partition -> partition.config().isMember(node)
                && !lives.lost(node, gpid, partition.config())).isPresent();
    }

    /** The configuration of every partition of every available table. */
    public Map<Gpid, PartitionConfig> configurations() {
        Map<Gpid, PartitionConfig> configs = new TreeMap<>();
        tables.availablePartitions().forEach(partition -> configs.put(partition.gpid(), partition.config()));
        return configs;
    }
}
