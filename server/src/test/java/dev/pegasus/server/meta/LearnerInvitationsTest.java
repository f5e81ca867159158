package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.GuardianAction;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An invitation is pending while its learner is alive, not yet a member, in time, and its primary still leads. */
class LearnerInvitationsTest {
    private static final RpcAddress PRIMARY = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress SECONDARY = RpcAddress.parse("127.0.0.1:34802");
    private static final RpcAddress LEARNER = RpcAddress.parse("127.0.0.1:34803");
    private static final Gpid P = new Gpid(1, 0);
    private static final Duration LEARN_TIMEOUT = Duration.ofSeconds(30);
    private static final PartitionConfig CONFIG = new PartitionConfig(4, Optional.of(PRIMARY), List.of(SECONDARY),
            List.of());

    private final AtomicLong now = new AtomicLong();
    private final NodeRegistry nodes = new NodeRegistry(Duration.ofSeconds(100), now::get);
    private final LearnerInvitations invitations = new LearnerInvitations(nodes, LEARN_TIMEOUT, now::get);

    private void invite() {
        nodes.recordSync(LEARNER, 1, Map.of());
        invitations.invite(P, new GuardianAction.InviteLearner(PRIMARY, LEARNER, CONFIG.ballot()));
    }

    @Test
    void pendingUntilTheLearnTimeout() {
        invite();
        assertEquals(Optional.of(new LearnerInvitations.Invitation(PRIMARY, LEARNER, 4, 0)),
                invitations.pending(P, CONFIG));
        now.addAndGet(LEARN_TIMEOUT.toNanos() - 1);
        assertTrue(invitations.pending(P, CONFIG).isPresent());
        now.incrementAndGet();
        assertEquals(Optional.empty(), invitations.pending(P, CONFIG));
    }

    @Test
    void overOnceTheLearnerJoined() {
        invite();
        assertEquals(Optional.empty(), invitations.pending(P, CONFIG.withSecondary(LEARNER)));
        assertEquals(Optional.empty(), invitations.pending(P, CONFIG), "forgotten");
    }

    @Test
    void overWhenThePrimaryChanged() {
        invite();
        assertEquals(Optional.empty(), invitations.pending(P, CONFIG.promote(SECONDARY)));
    }

    @Test
    void overWhenTheLearnerDied() {
        invite();
        now.addAndGet(Duration.ofSeconds(100).toNanos() + 1);
        assertEquals(Optional.empty(), invitations.pending(P, CONFIG));
    }

    @Test
    void aLaterBallotKeepsItPending() {
        invite();
        PartitionConfig later = new PartitionConfig(5, Optional.of(PRIMARY), List.of(), List.of());
        assertTrue(invitations.pending(P, later).isPresent(), "the primary carries its learners across ballots");
    }
}
