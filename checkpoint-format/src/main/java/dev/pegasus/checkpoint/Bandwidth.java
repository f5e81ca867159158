package dev.pegasus.checkpoint;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A shared limit on bytes per second for transfers (a token bucket holding at most one second's
 * worth), so backups and restores do not starve a server's disk and network. Thread-safe.
 */
public final class Bandwidth {
    /** No limit. */
    public static final Bandwidth UNLIMITED = new Bandwidth(Long.MAX_VALUE);

    private final long bytesPerSecond;
    private long available;
    private long refilledAtNanos = System.nanoTime();

    public Bandwidth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, not " + bytesPerSecond + " bytes/s");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.available = Math.min(bytesPerSecond, 1 << 20);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} may go. Interrupts end the wait early, keeping the interrupt flag. */
    public void acquire(long bytes) {
        if (bytesPerSecond == Long.MAX_VALUE) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long refill = (now - refilledAtNanos) * bytesPerSecond / TimeUnit.SECONDS.toNanos(1);
            if (refill > 0) {
                available = Math.min(bytesPerSecond, available + refill);
                refilledAtNanos = now;
            }
            available -= bytes;
            waitNanos = available >= 0 ? 0 : -available * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
        }
        long deadline = System.nanoTime() + waitNanos;
        for (long left = waitNanos; left > 0 && !Thread.currentThread().isInterrupted();
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
