package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.ValueSchema;

/**
 * Time source of the storage layer. It decides which records are expired and stamps timetags, so it
 * is injected: tests and simulations move time forward instead of sleeping.
 */
@FunctionalInterface
public interface StorageClock {
    /** The wall clock. */
    StorageClock SYSTEM = () -> {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    };

    /** Microseconds since the Unix epoch. */
    long nowMicros();

    /** Seconds since 2016-01-01T00:00:00Z, the unit of a stored expire_ts. */
    default int nowEpochSeconds() {
        return ValueSchema.epochSeconds(Math.floorDiv(nowMicros(), 1_000_000L));
    }
}
