package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each partition last changed its configuration. A replacement replica is only added once the
 * partition has kept its configuration for the add delay: a server that merely restarts is back
 * before a full copy of its data is made elsewhere. Thread-safe.
 */
final class PartitionChanges implements ConfigStoredListener {
    private final LongSupplier nanoClock;
    private final Map<Gpid, Long> lastChangeNanos = new ConcurrentHashMap<>();

    PartitionChanges(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void stored(Gpid gpid, PartitionConfig previous, PartitionConfig next) {
        lastChangeNanos.put(gpid, nanoClock.getAsLong());
    }

    /** Whether the partition kept its configuration for {@code delay}; true when no change is known. */
    boolean addDue(Gpid gpid, Duration delay) {
        Long last = lastChangeNanos.get(gpid);
        return last == null || nanoClock.getAsLong() - last >= delay.toNanos();
    }

    void clear() {
        lastChangeNanos.clear();
    }
}
