package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Adding a replica waits for the add delay after the partition's last change, or after the take-over. */
class PartitionChangesTest {
    private static final Duration DELAY = Duration.ofSeconds(5);
    private static final Gpid P = new Gpid(1, 0);
    private static final Gpid Q = new Gpid(1, 1);

    private final AtomicLong now = new AtomicLong(1_000);
    private final PartitionChanges changes = new PartitionChanges(now::get);

    @Test
    void dueOnlyOnceTheConfigurationKeptForTheDelay() {
        now.addAndGet(DELAY.toNanos() - 1);
        assertFalse(changes.addDue(P, DELAY), "counted from the take-over");
        now.incrementAndGet();
        assertTrue(changes.addDue(P, DELAY));

        changes.stored(P, PartitionConfig.empty(), PartitionConfig.empty());
        assertFalse(changes.addDue(P, DELAY));
        assertTrue(changes.addDue(Q, DELAY), "another partition's change does not count");
        now.addAndGet(DELAY.toNanos());
        assertTrue(changes.addDue(P, DELAY));

        changes.reset();
        assertFalse(changes.addDue(Q, DELAY), "a new leadership counts from its start");
    }
}
