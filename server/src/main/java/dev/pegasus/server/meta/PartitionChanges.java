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
 * before a full copy of its data is made elsewhere. A new leader knows of no change, so it counts from
 * its take-over: the servers it has not heard from yet get the same chance to come back. Thread-safe.
 */
final class PartitionChanges implements ConfigStoredListener {
    private final LongSupplier nanoClock;
    private final Map<Gpid, Long> lastChangeNanos = new ConcurrentHashMap<>();
    private volatile long sinceNanos;

    PartitionChanges(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.sinceNanos = nanoClock.getAsLong();
    }

    @Override
    public void stored(Gpid gpid, PartitionConfig previous, PartitionConfig next) {
        lastChangeNanos.put(gpid, nanoClock.getAsLong());
    }

    /** Whether the partition kept its configuration for {@code delay}, counting from the last {@link #reset()}. */
    boolean addDue(Gpid gpid, Duration delay) {
        return nanoClock.getAsLong() - lastChangeNanos.getOrDefault(gpid, sinceNanos) >= delay.toNanos();
    }

    /** Forgets every change and counts from now: a new leadership begins. */
    void reset() {
        lastChangeNanos.clear();
        sinceNanos = nanoClock.getAsLong();
    }
}
