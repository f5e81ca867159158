package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A new leader knows no beacons yet: configured nodes get one node timeout to sync before they count as dead. */
class NodeRegistryTest {
    private static final long TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();
    private static final RpcAddress A = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress B = RpcAddress.parse("127.0.0.1:34802");

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
        assertFalse(nodes.serves(A, new Gpid(1, 0)), "a presumed node has reported no partition");

        now.addAndGet(TIMEOUT_NANOS / 2);
        assertTrue(nodes.recordSync(A, 1, Map.of(new Gpid(1, 0), 5L)), "the first sync after the take-over is news");
        assertFalse(nodes.recordSync(A, 1, Map.of(new Gpid(1, 0), 6L)));
        assertTrue(nodes.serves(A, new Gpid(1, 0)));
        assertEquals(6, nodes.reportedDecree(A, new Gpid(1, 0)));

        now.addAndGet(TIMEOUT_NANOS / 2);
        assertEquals(Map.of(A, true, B, false), nodes.all(), "B never synced: dead once the presumption ran out");
        now.addAndGet(TIMEOUT_NANOS / 2);
        assertEquals(List.of(), nodes.alive());
        assertTrue(nodes.recordSync(A, 1, Map.of()), "a node syncing again after its timeout is news");
    }

    @Test
    void rememberingDoesNotOverrideABeacon() {
        nodes.clear();
        nodes.recordSync(A, 1, Map.of(new Gpid(1, 0), 3L));
        nodes.remember(A);
        assertTrue(nodes.serves(A, new Gpid(1, 0)));
    }
}
