package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ValueSchema;
import org.junit.jupiter.api.Test;

class StorageClockTest {
    @Test
    void epochSecondsCountFrom2016() {
        StorageClock clock = () -> (ValueSchema.EPOCH_BEGIN_UNIX_SECONDS + 90) * 1_000_000L + 999_999;
        assertEquals(90, clock.nowEpochSeconds());
    }

    @Test
    void systemClockFollowsTheWallClock() {
        long before = System.currentTimeMillis();
        long micros = StorageClock.SYSTEM.nowMicros();
        long after = System.currentTimeMillis();
        assertTrue(micros / 1000 >= before && micros / 1000 <= after);
        assertEquals(ValueSchema.epochSeconds(after / 1000), StorageClock.SYSTEM.nowEpochSeconds(), 1);
    }
}
