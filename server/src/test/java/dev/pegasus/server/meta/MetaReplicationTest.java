package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.config_proposal_type;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.configuration_create_app_request;
import dev.pegasus.protocol.thrift.configuration_create_app_response;
import dev.pegasus.protocol.thrift.create_app_options;
import dev.pegasus.protocol.thrift.learner_invitation;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import dev.pegasus.protocol.thrift.update_partition_response;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.FakeReplicaNode;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.MetaProbe;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta server keeps partitions replicated: real meta servers and ZooKeeper, and fake replica
 * servers that only sync and propose over loopback. Dead and restarted servers lose their roles, the
 * best secondary takes over, learners are invited after the add delay, primaries' proposals are
 * accepted or refused, and every configuration survives a change of meta leader.
 */
class MetaReplicationTest {
    private static final Duration LEASE = Duration.ofMillis(1000);
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final Duration ADD_DELAY = Duration.ofMillis(1500);
    private static final Duration SYNC_INTERVAL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private InProcessCluster cluster;
    private final List<FakeReplicaNode> nodes = new ArrayList<>();
    private final MetaProbe probe = new MetaProbe();

    @AfterEach
    void stop() {
        nodes.forEach(FakeReplicaNode::close);
        probe.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(int metaCount, int nodeCount) throws Exception {
        cluster = new InProcessCluster(dir, metaCount, 0, options -> options.withGuardian(guardian -> guardian
                .withLease(LEASE).withGrace(GRACE).withCheckInterval(Duration.ofMillis(100)).withAddDelay(ADD_DELAY)
                .withLearnTimeout(WAIT)));
        List<RpcAddress> metas = cluster.metaAddresses().stream().map(RpcAddress::parse).toList();
        for (int i = 0; i < nodeCount; i++) {
            FakeReplicaNode node = new FakeReplicaNode(RpcAddress.parse("127.0.0.1:" + (41001 + i)), metas, 1000 + i);
            node.startSyncing(SYNC_INTERVAL);
            nodes.add(node);
        }
        Await.until("every fake replica server synced", WAIT, () -> nodes.stream().allMatch(node -> node.answers() > 0));
    }

    @Test
    void replicasAreSpreadEvenlyAndEveryNodeHearsOfItsOwn() throws Exception {
        start(1, 4);
        assertEquals(ErrorCode.ERR_OK.name(), create("spread", 8, 3).getErr());

        Map<Long, Integer> primaries = new HashMap<>();
        Map<Long, Integer> replicas = new HashMap<>();
        for (partition_configuration config : query("spread")) {
            assertEquals(1, config.getBallot());
            assertEquals(3, PartitionConfigCodec.fromThrift(config).members().stream().distinct().count(), config.toString());
            assertEquals(List.of(), config.getLast_drops());
            primaries.merge(config.getPrimary(), 1, Integer::sum);
            replicas.merge(config.getPrimary(), 1, Integer::sum);
            config.getSecondaries().forEach(node -> replicas.merge(node, 1, Integer::sum));
        }
        for (FakeReplicaNode node : nodes) {
            assertEquals(2, primaries.get(node.address().pack()), "primaries of " + node.address());
            assertEquals(6, replicas.get(node.address().pack()), "replicas of " + node.address());
            config_sync_response answer = node.syncOnce();
            assertEquals(6, answer.getAssignments().size(), "assignments of " + node.address());
            assertEquals(LEASE.toMillis(), answer.getLease_ms());
            assertEquals(node.startTimeMs(), answer.getStart_time_ms());
        }

        configuration_create_app_response tooMany = create("too_many", 4, 5);
        assertEquals(ErrorCode.ERR_NOT_ENOUGH_MEMBER.name(), tooMany.getErr());
        assertTrue(tooMany.getHint_message().contains("needs 5 alive replica servers")
                && tooMany.getHint_message().contains("4 are alive"), tooMany.getHint_message());
        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS.name(), create("none", 4, 0).getErr());
    }

    @Test
    void deadNodeIsReplacedByTheBestSecondaryAndTheNewConfigurationsSurviveFailover() throws Exception {
        start(2, 4);
        create("t", 8, 3);
        create("single", 4, 1);
        List<partition_configuration> before = query("t");
        FakeReplicaNode dead = node(before.get(0).getPrimary());
        // Where the dead node is primary, the secondary with the higher address reports the higher committed
        // decree: it must take over although ties go to the lower address.
        Map<Integer, Long> successors = new HashMap<>();
        for (int index = 0; index < before.size(); index++) {
            partition_configuration config = before.get(index);
            if (config.getPrimary() == dead.address().pack()) {
                long best = config.getSecondaries().stream().mapToLong(packed -> packed).max().orElseThrow();
                config.getSecondaries().forEach(packed -> node(packed).setCommitted(gpid(config),
                        packed == best ? 20 : 10));
                successors.put(index, best);
            }
        }
        nodes.forEach(FakeReplicaNode::syncOnce);
        dead.stopSyncing();
        long stoppedAt = System.nanoTime();
        Gpid singleOnDead = query("single").stream().filter(config -> config.getPrimary() == dead.address().pack())
                .map(MetaReplicationTest::gpid).findFirst().orElseThrow();

        Await.until("no configuration to name the dead node", WAIT, () -> query("t").stream()
                .noneMatch(config -> names(config, dead)) && query("single").get(singleOnDead.partitionIndex())
                .getPrimary() == RpcAddress.INVALID);
        assertTrue(System.nanoTime() - stoppedAt >= LEASE.toNanos(), "not declared dead before its lease ran out");

        List<partition_configuration> after = query("t");
        for (int index = 0; index < before.size(); index++) {
            PartitionConfig was = PartitionConfigCodec.fromThrift(before.get(index));
            PartitionConfig now = PartitionConfigCodec.fromThrift(after.get(index));
            if (was.isPrimary(dead.address())) {
                RpcAddress successor = RpcAddress.unpack(successors.get(index));
                assertEquals(was.promote(successor), now, "partition " + index);
            } else if (was.isSecondary(dead.address())) {
                assertEquals(was.withoutSecondary(dead.address()), now, "partition " + index);
            } else {
                assertEquals(was, now, "partition " + index + " did not involve the dead node");
            }
        }
        PartitionConfig single = PartitionConfigCodec.fromThrift(query("single").get(singleOnDead.partitionIndex()));
        assertEquals(new PartitionConfig(2, Optional.empty(), List.of(), List.of(dead.address())), single,
                "the only replica is gone: the partition waits for it, remembering it holds every committed write");

        Map<String, List<PartitionConfig>> stored = Map.of("t", configs("t"), "single", configs("single"));
        int leader = cluster.metaAddresses().indexOf(leader());
        cluster.meta(leader).close();
        String successor = cluster.metaAddresses().get(1 - leader);
        Await.until("the other meta server to lead", WAIT,
                () -> successor.equals(probe.leader(List.of(successor)).orElse(null)));
        assertEquals(stored, Map.of("t", configs("t"), "single", configs("single")),
                "the new leader loads primaries, secondaries, last drops and ballots from ZooKeeper");
    }

    @Test
    void restartedNodeGetsNoRoleBackAndIsInvitedToLearnAfterTheAddDelay() throws Exception {
        start(1, 3);
        create("r", 2, 3);
        Gpid first = gpid(query("r").get(0));
        FakeReplicaNode restarted = node(query("r").get(0).getSecondaries().get(0));
        restarted.stopSyncing();
        long restartedAt = System.nanoTime();
        restarted.restart(restarted.startTimeMs() + 1_000_000);
        assertEquals(List.of(), restarted.syncOnce().getAssignments(), "a new life gets no role of the previous one");
        restarted.startSyncing(SYNC_INTERVAL);

        Await.until("the restarted node to be removed", WAIT,
                () -> query("r").stream().noneMatch(config -> names(config, restarted)));
        for (partition_configuration config : query("r")) {
            assertEquals(2, config.getBallot(), config.toString());
            assertEquals(1, config.getSecondaries().size(), config.toString());
        }

        partition_configuration shrunk = query("r").get(0);
        FakeReplicaNode primary = node(shrunk.getPrimary());
        Await.until("the primary to be asked to teach the restarted node", WAIT,
                () -> invitation(primary, first).isPresent());
        assertTrue(System.nanoTime() - restartedAt >= ADD_DELAY.toNanos(), "no replica is added before the add delay");
        learner_invitation invitation = invitation(primary, first).orElseThrow();
        assertEquals(restarted.address().pack(), invitation.getNode());
        assertEquals(shrunk.getBallot(), invitation.getBallot());

        update_partition_response upgraded = primary.propose(first, config_proposal_type.CP_UPGRADE_TO_SECONDARY,
                restarted.address(), shrunk.getBallot());
        assertEquals(ErrorCode.ERR_OK.name(), upgraded.getErr());
        PartitionConfig joined = PartitionConfigCodec.fromThrift(shrunk).withSecondary(restarted.address());
        assertEquals(joined, PartitionConfigCodec.fromThrift(upgraded.getConfig()));
        assertEquals(joined, PartitionConfigCodec.fromThrift(query("r").get(0)), "stored before the answer");
        Await.until("the new member to hear of its role", WAIT,
                () -> restarted.assignment(first).map(config -> config.getBallot() == joined.ballot()).orElse(false));
        Await.until("the invitation to be over", WAIT, () -> primary.syncOnce() != null
                && invitation(primary, first).isEmpty());

        update_partition_response stale = primary.propose(first, config_proposal_type.CP_UPGRADE_TO_SECONDARY,
                restarted.address(), shrunk.getBallot());
        assertEquals(ErrorCode.ERR_INVALID_STATE.name(), stale.getErr());
        assertEquals(joined, PartitionConfigCodec.fromThrift(stale.getConfig()), "a refusal tells the current one");
        FakeReplicaNode secondary = node(shrunk.getSecondaries().get(0));
        assertEquals(ErrorCode.ERR_INVALID_STATE.name(), secondary.propose(first,
                config_proposal_type.CP_REMOVE_SECONDARY, restarted.address(), joined.ballot()).getErr(),
                "only the primary proposes");

        update_partition_response removed = primary.propose(first, config_proposal_type.CP_REMOVE_SECONDARY,
                restarted.address(), joined.ballot());
        assertEquals(ErrorCode.ERR_OK.name(), removed.getErr());
        assertEquals(joined.withoutSecondary(restarted.address()),
                PartitionConfigCodec.fromThrift(removed.getConfig()));
        assertEquals(ErrorCode.ERR_OBJECT_NOT_FOUND.name(), primary.propose(new Gpid(first.appId(), 7),
                config_proposal_type.CP_REMOVE_SECONDARY, restarted.address(), 1).getErr());
    }

    @Test
    void deposedPrimaryHearsItsSuccessorsConfigurationInItsNextSyncAnswer() throws Exception {
        start(1, 3);
        create("d", 1, 3);
        partition_configuration before = query("d").get(0);
        Gpid gpid = gpid(before);
        FakeReplicaNode deposed = node(before.getPrimary());
        deposed.stopSyncing();
        Await.until("another primary", WAIT, () -> query("d").get(0).getPrimary() != deposed.address().pack());
        partition_configuration after = query("d").get(0);
        assertFalse(names(after, deposed));

        config_sync_response answer = deposed.syncOnce();
        List<PartitionConfig> heard = answer.getAssignments().stream()
                .map(assignment -> PartitionConfigCodec.fromThrift(assignment.getConfig())).toList();
        assertEquals(List.of(PartitionConfigCodec.fromThrift(after)), heard,
                "it still reported itself primary, so it hears that it is not");
        assertEquals(Optional.empty(), deposed.syncOnce().getAssignments().stream().findFirst(),
                "once it stepped down it holds nothing the meta server needs to tell it about");

        deposed.startSyncing(SYNC_INTERVAL);
        FakeReplicaNode successor = node(after.getPrimary());
        Await.until("the deposed node to be invited back as a learner", WAIT, () -> invitation(successor, gpid)
                .map(invited -> invited.getNode() == deposed.address().pack()).orElse(false));
        assertNotEquals(before.getPrimary(), after.getPrimary());
    }

    // ---------------------------------------------------------------- helpers

    private String leader() {
        Await.until("a serving meta leader", WAIT, () -> probe.leader(cluster.metaAddresses()).isPresent());
        return probe.leader(cluster.metaAddresses()).orElseThrow();
    }

    private configuration_create_app_response create(String table, int partitions, int replicas) {
        return probe.call(leader(), RpcMethods.CM_CREATE_APP, new configuration_create_app_request()
                .setApp_name(table).setOptions(new create_app_options().setPartition_count(partitions)
                        .setReplica_count(replicas)));
    }

    private List<partition_configuration> query(String table) {
        query_cfg_response response = probe.call(leader(), RpcMethods.CM_QUERY_CONFIG,
                new query_cfg_request().setApp_name(table).setPartition_indices(new ArrayList<>()));
        assertEquals(ErrorCode.ERR_OK.name(), response.getErr(), "query of " + table);
        return response.getPartitions();
    }

    private List<PartitionConfig> configs(String table) {
        return query(table).stream().map(PartitionConfigCodec::fromThrift).toList();
    }

    private FakeReplicaNode node(long packed) {
        return nodes.stream().filter(node -> node.address().pack() == packed).findFirst().orElseThrow();
    }

    private static Gpid gpid(partition_configuration config) {
        return Gpid.unpack(config.getPid());
    }

    private static boolean names(partition_configuration config, FakeReplicaNode node) {
        return PartitionConfigCodec.fromThrift(config).isMember(node.address());
    }

    private static Optional<learner_invitation> invitation(FakeReplicaNode primary, Gpid gpid) {
        return primary.invitations().stream().filter(invitation -> invitation.getPid() == gpid.pack()).findFirst();
    }
}
