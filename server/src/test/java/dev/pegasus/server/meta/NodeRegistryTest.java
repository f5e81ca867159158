package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A new leader knows no beacons yet: configured nodes get one node timeout to sync before they count as
 * dead. A node is alive up to and including its timeout.
 */
class NodeRegistryTest {
    private static final long TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();
    private static final RpcAddress A = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress B = RpcAddress.parse("127.0.0.1:34802");

    private static final Gpid P = new Gpid(1, 0);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeRegistry nodes = new NodeRegistry(Duration.ofNanos(TIMEOUT_NANOS), now::get);

    @Test
    void rememberedNodesArePresumedAliveForOneNodeTimeout() {
        nodes.recordSync(A, 1, Map.of());
        nodes.clear();
        assertEquals(Map.of(), nodes.all(), "a new leadership starts without beacons");
        nodes.remember(A);
        nodes.remember(B);
        assertEquals(List.of(A, B), nodes.alive());
        assertFalse(nodes.serves(A, P), "a presumed node has reported no partition");
        assertEquals(OptionalLong.empty(), nodes.startTime(A), "a presumed node has no known life");

        now.addAndGet(TIMEOUT_NANOS / 2);
        assertTrue(nodes.recordSync(A, 7, primary(5)), "the first sync after the take-over is news");
        assertFalse(nodes.recordSync(A, 7, primary(6)));
        assertTrue(nodes.serves(A, P));
        assertEquals(6, nodes.reportedCommitted(A, P));
        assertEquals(OptionalLong.of(7), nodes.startTime(A));

        now.addAndGet(TIMEOUT_NANOS / 2 + 1);
        assertEquals(Map.of(A, true, B, false), nodes.all(), "B never synced: dead once the presumption ran out");
        now.addAndGet(TIMEOUT_NANOS / 2);
        assertEquals(List.of(), nodes.alive());
        assertTrue(nodes.recordSync(A, 1, Map.of()), "a node syncing again after its timeout is news");
    }

    @Test
    void rememberingDoesNotOverrideABeacon() {
        nodes.clear();
        nodes.recordSync(A, 1, primary(3));
        nodes.remember(A);
        assertTrue(nodes.serves(A, P));
    }

    @Test
    void aliveUpToAndIncludingTheTimeout() {
        nodes.recordSync(A, 1, Map.of());
        now.addAndGet(TIMEOUT_NANOS);
        assertTrue(nodes.isAlive(A));
        now.incrementAndGet();
        assertFalse(nodes.isAlive(A));
    }

    @Test
    void onlyAReportedPrimaryServesButEveryReportCarriesItsCommittedDecree() {
        nodes.recordSync(A, 1, Map.of(P, new NodeRegistry.ReportedReplica(partition_status.PS_SECONDARY, 3, 9, 9, false)));
        assertFalse(nodes.serves(A, P));
        assertEquals(9, nodes.reportedCommitted(A, P));
        assertEquals(0, nodes.reportedCommitted(B, P));
    }

    private static Map<Gpid, NodeRegistry.ReportedReplica> primary(long committed) {
        return Map.of(P, new NodeRegistry.ReportedReplica(partition_status.PS_PRIMARY, 1, committed, committed, false));
    }
}
