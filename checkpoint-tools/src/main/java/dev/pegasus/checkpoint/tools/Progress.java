package dev.pegasus.checkpoint.tools;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling of a long operation the meta server runs, once a second, within a deadline. */
public final class Progress {
    static final Duration POLL = Duration.ofSeconds(1);

    private Progress() {
    }

    /**
     * Calls {@code done} every second until it returns true.
     *
     * @return false when the deadline passed first
     */
    public static boolean pollUntil(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
