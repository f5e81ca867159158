package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A member that restarted since it joined has lost its replica; a new leader adopts the lives it first hears. */
class MemberLivesTest {
    private static final RpcAddress A = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress B = RpcAddress.parse("127.0.0.1:34802");
    private static final Gpid P = new Gpid(1, 0);
    private static final PartitionConfig AB = new PartitionConfig(1, Optional.of(A), List.of(B), List.of());

    private final NodeRegistry nodes = new NodeRegistry(Duration.ofSeconds(10), () -> 0L);
    private final MemberLives lives = new MemberLives(nodes);

    @Test
    void aMemberThatRestartedHasLostItsReplica() {
        nodes.recordSync(A, 100, Map.of());
        nodes.recordSync(B, 200, Map.of());
        lives.stored(P, PartitionConfig.empty(), AB);
        assertFalse(lives.lost(A, P));

        nodes.recordSync(A, 101, Map.of());
        assertTrue(lives.lost(A, P), "a new life");
        assertFalse(lives.lost(B, P));
        assertFalse(lives.lost(A, new Gpid(1, 1)), "not a member there");

        PartitionConfig withoutA = new PartitionConfig(2, Optional.of(B), List.of(), List.of());
        lives.stored(P, AB, withoutA);
        lives.stored(P, withoutA, withoutA.withSecondary(A));
        assertFalse(lives.lost(A, P), "rejoined in its new life");
    }

    @Test
    void aNewLeaderAdoptsTheLifeOfEachNodesFirstSync() {
        nodes.recordSync(A, 100, Map.of());
        lives.stored(P, PartitionConfig.empty(), AB);
        nodes.clear();
        lives.clear();

        nodes.recordSync(A, 101, Map.of());
        lives.adopt(A, 101, List.of(P));
        assertFalse(lives.lost(A, P), "the restart happened before this leader: it cannot tell");
        nodes.recordSync(A, 102, Map.of());
        assertTrue(lives.lost(A, P), "a restart after the first sync is seen");
    }

    @Test
    void aMemberAddedBeforeItSyncedTakesTheLifeItFirstSyncsWith() {
        nodes.remember(B);
        lives.stored(P, PartitionConfig.empty(), AB);
        nodes.recordSync(B, 300, Map.of());
        lives.adopt(B, 300, List.of(P));
        assertFalse(lives.lost(B, P));
        nodes.recordSync(B, 301, Map.of());
        assertTrue(lives.lost(B, P));
    }
}
