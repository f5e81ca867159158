package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiskSpaceOptionsTest {
    private static final DiskSpaceOptions OPTIONS = new DiskSpaceOptions(Duration.ofSeconds(1), 0.10, 64L << 20);

    @Test
    void theLargerOfTheShareAndTheAbsoluteMinimumCounts() {
        assertEquals(100L << 20, OPTIONS.minimumFree(1000L << 20), "10% of 1000 MB");
        assertEquals(64L << 20, OPTIONS.minimumFree(150L << 20), "15 MB share, 64 MB floor");
    }

    @Test
    void levelsNearAndBelowTheMinimum() {
        long total = 1000L << 20;
        assertEquals(DiskSpaceOptions.Level.PLENTY, OPTIONS.levelOf(500L << 20, total));
        assertEquals(DiskSpaceOptions.Level.NEARING_MINIMUM, OPTIONS.levelOf(150L << 20, total));
        assertEquals(DiskSpaceOptions.Level.BELOW_MINIMUM, OPTIONS.levelOf(99L << 20, total));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DiskSpaceOptions(Duration.ofSeconds(1), 1.5, 0)).getMessage().contains("share"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DiskSpaceOptions(Duration.ofSeconds(1), 0.1, -1)).getMessage().contains("bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DiskSpaceOptions(Duration.ZERO, 0.1, 0)).getMessage().contains("interval"));
    }
}
