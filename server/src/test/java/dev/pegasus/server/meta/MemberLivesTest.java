package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A member that restarted since it joined, or that reports no role at its configuration's ballot, has
 * lost its replica; lives are what a new leader loads, and unknown ones are adopted only from a member
 * seen in its role.
 */
class MemberLivesTest {
    private static final RpcAddress A = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress B = RpcAddress.parse("127.0.0.1:34802");
    private static final Gpid P = new Gpid(1, 0);
    private static final PartitionConfig AB = new PartitionConfig(1, Optional.of(A), List.of(B), List.of());

    private final NodeRegistry nodes = new NodeRegistry(Duration.ofSeconds(10), () -> 0L);
    private final MemberLives lives = new MemberLives(nodes);

    private void store(PartitionConfig previous, PartitionConfig next) {
        lives.stored(P, lives.forConfig(P, previous, next));
    }

    private static Map<Gpid, NodeRegistry.ReportedReplica> report(partition_status status, long ballot) {
        return Map.of(P, new NodeRegistry.ReportedReplica(status, ballot, 5, 5, false));
    }

    @Test
    void aMemberThatRestartedHasLostItsReplica() {
        nodes.recordSync(A, 100, Map.of());
        nodes.recordSync(B, 200, Map.of());
        store(PartitionConfig.empty(), AB);
        assertFalse(lives.lost(A, P, AB));

        nodes.recordSync(A, 101, Map.of());
        assertTrue(lives.lost(A, P, AB), "a new life");
        assertFalse(lives.lost(B, P, AB));

        PartitionConfig withoutA = new PartitionConfig(2, Optional.of(B), List.of(), List.of());
        store(AB, withoutA);
        PartitionConfig rejoined = withoutA.withSecondary(A);
        store(withoutA, rejoined);
        assertFalse(lives.lost(A, P, rejoined), "rejoined in its new life");
    }

    @Test
    void aLearnerUpgradedAfterItsServerRestartedJoinsLost() {
        nodes.recordSync(A, 100, Map.of());
        nodes.recordSync(B, 200, Map.of());
        PartitionConfig aAlone = new PartitionConfig(1, Optional.of(A), List.of(), List.of());
        store(PartitionConfig.empty(), aAlone);

        // B caught up in its life 200, then restarted (and may have dropped its copy) before the upgrade.
        nodes.recordSync(B, 201, Map.of());
        PartitionConfig upgraded = aAlone.withSecondary(B);
        lives.stored(P, lives.forConfig(P, aAlone, upgraded, Map.of(B, 200L)));
        assertTrue(lives.lost(B, P, upgraded), "its membership belongs to the life it learned in");
        assertFalse(lives.lost(A, P, upgraded));
    }

    @Test
    void aNewLeaderLoadsTheStoredLivesAndSeesEveryRestart() {
        nodes.recordSync(A, 100, Map.of());
        nodes.recordSync(B, 200, Map.of());
        Map<RpcAddress, Long> stored = lives.forConfig(P, PartitionConfig.empty(), AB);
        assertEquals(Map.of(A, 100L, B, 200L), stored);

        // Every meta server and every replica server restarts: the new leader loads what was stored.
        NodeRegistry newNodes = new NodeRegistry(Duration.ofSeconds(10), () -> 0L);
        MemberLives newLives = new MemberLives(newNodes);
        newLives.load(Map.of(P, stored));
        newNodes.recordSync(A, 101, report(partition_status.PS_INACTIVE, 1));
        newNodes.recordSync(B, 201, report(partition_status.PS_INACTIVE, 0));
        newLives.adopt(A, 101, P, AB, newNodes.reported(A, P).orElseThrow());
        assertTrue(newLives.lost(A, P, AB), "restarted: it must not take its role back at ballot 1");
        assertTrue(newLives.lost(B, P, AB), "restarted, although its log holds no record of ballot 1");
    }

    @Test
    void aMemberReportingNoRoleAtItsConfigurationsBallotIsLostWhateverItsLife() {
        nodes.recordSync(A, 100, report(partition_status.PS_INACTIVE, 1));
        assertTrue(lives.lost(A, P, AB), "inactive at the configuration's ballot");
        nodes.recordSync(A, 100, report(partition_status.PS_ERROR, 1));
        assertTrue(lives.lost(A, P, AB), "failed");
        nodes.recordSync(A, 100, report(partition_status.PS_INACTIVE, 0));
        assertFalse(lives.lost(A, P, AB), "the configuration may not have reached it yet");
    }

    /** A failed replica adopts no configuration any more, so its report stays at the ballot it failed at. */
    @Test
    void aMemberThatFailedIsLostWhateverTheBallotOfItsReport() {
        PartitionConfig later = AB.withSecondary(RpcAddress.parse("127.0.0.1:34803"));
        nodes.recordSync(A, 100, report(partition_status.PS_ERROR, 1));
        assertTrue(lives.lost(A, P, later), "failed at ballot 1, a member at ballot 2");
    }

    @Test
    void anUnknownLifeIsAdoptedOnlyFromAMemberSeenInItsRoleAndIsThenStored() {
        store(PartitionConfig.empty(), AB);
        nodes.recordSync(A, 100, report(partition_status.PS_INACTIVE, 0));
        lives.adopt(A, 100, P, AB, nodes.reported(A, P).orElseThrow());
        assertTrue(lives.unstored().isEmpty(), "an inactive replica proves no life");

        nodes.recordSync(A, 100, report(partition_status.PS_PRIMARY, 1));
        lives.adopt(A, 100, P, AB, nodes.reported(A, P).orElseThrow());
        assertEquals(Map.of(P, Map.of(A, 100L)), lives.unstored());
        lives.stored(P, lives.unstored().get(P));
        assertTrue(lives.unstored().isEmpty());

        nodes.recordSync(A, 101, report(partition_status.PS_INACTIVE, 1));
        assertTrue(lives.lost(A, P, AB));
    }
}
