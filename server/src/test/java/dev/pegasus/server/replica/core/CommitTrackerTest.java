package dev.pegasus.server.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {
    private static final RpcAddress P = RpcAddress.parse("127.0.0.1:1");
    private static final RpcAddress S1 = RpcAddress.parse("127.0.0.1:2");
    private static final RpcAddress S2 = RpcAddress.parse("127.0.0.1:3");

    @Test
    void commitsOnlyWhenEveryMemberLoggedNotAMajority() {
        CommitTracker tracker = new CommitTracker(List.of(P, S1, S2));
        tracker.track(1);
        tracker.logged(P, 1);
        tracker.logged(S1, 1);
        assertEquals(0, tracker.committablePrefix(0), "two of three is not enough in PacificA");
        assertEquals(Set.of(S2), tracker.missing(1));
        tracker.logged(S2, 1);
        assertEquals(1, tracker.committablePrefix(0));
    }

    @Test
    void commitsInOrder() {
        CommitTracker tracker = new CommitTracker(List.of(P, S1));
        tracker.track(1);
        tracker.track(2);
        tracker.logged(P, 2);
        tracker.logged(S1, 2);
        assertEquals(0, tracker.committablePrefix(0), "decree 2 waits for decree 1");
        tracker.logged(P, 1);
        tracker.logged(S1, 1);
        assertEquals(2, tracker.committablePrefix(0));
    }

    @Test
    void ignoresNonMembersAndUntrackedDecrees() {
        CommitTracker tracker = new CommitTracker(List.of(P));
        RpcAddress stranger = RpcAddress.parse("127.0.0.1:9");
        tracker.track(1);
        tracker.logged(stranger, 1);
        tracker.logged(P, 5);
        assertEquals(0, tracker.committablePrefix(0));
        tracker.logged(P, 1);
        assertEquals(1, tracker.committablePrefix(0));
        tracker.forgetUpTo(1);
        assertEquals(1, tracker.committablePrefix(1));
    }
}
