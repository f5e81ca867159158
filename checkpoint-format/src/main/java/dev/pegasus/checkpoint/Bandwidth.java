package dev.pegasus.checkpoint;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A shared limit on bytes per second for transfers (a token bucket holding at most one second's
 * worth, and at most 1 MiB at the start), so backups and restores do not starve a server's disk and
 * network. Thread-safe.
 */
public final class Bandwidth {
    /** No limit. */
    public static final Bandwidth UNLIMITED = new Bandwidth(Long.MAX_VALUE);

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long INITIAL_BYTES = 1 << 20;

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    /** Bytes that may go now; negative while callers wait for bytes already granted to them. */
    private long available;
    private long refilledAtNanos;

    public Bandwidth(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    /** With a clock of its own, so tests can check the arithmetic without waiting. */
    Bandwidth(long bytesPerSecond, LongSupplier nanoTime) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, not " + bytesPerSecond + " bytes/s");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.available = Math.min(bytesPerSecond, INITIAL_BYTES);
        this.refilledAtNanos = nanoTime.getAsLong();
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} may go. Interrupts end the wait early, keeping the interrupt flag. */
    public void acquire(long bytes) {
        if (bytesPerSecond == Long.MAX_VALUE) {
            return;
        }
        long waitNanos = reserve(bytes);
        long deadline = nanoTime.getAsLong() + waitNanos;
        for (long left = waitNanos; left > 0 && !Thread.currentThread().isInterrupted();
                left = deadline - nanoTime.getAsLong()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Takes {@code bytes} from the bucket.
     *
     * @return how long the caller must wait before sending them, in ns
     */
    synchronized long reserve(long bytes) {
        refill();
        available -= bytes;
        return available >= 0 ? 0 : (long) Math.ceil((double) -available * NANOS_PER_SECOND / bytesPerSecond);
    }

    /**
     * For a caller that must not wait: takes {@code bytes} already sent, which may leave the bucket
     * owing; {@link #owes} tells when to hold back.
     */
    public void take(long bytes) {
        if (bytesPerSecond != Long.MAX_VALUE) {
            reserve(bytes);
        }
    }

    /** Whether more went than the rate allows so far: until the bucket refills, nothing more should. */
    public synchronized boolean owes() {
        if (bytesPerSecond == Long.MAX_VALUE) {
            return false;
        }
        refill();
        return available < 0;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        // In floating point: elapsed ns * rate overflows a long after 15 minutes idle at 10 MB/s (90 s at 100 MB/s).
        double refill = (double) (now - refilledAtNanos) * bytesPerSecond / NANOS_PER_SECOND;
        if (refill >= 1) {
            available = (long) Math.min(bytesPerSecond, available + refill);
            refilledAtNanos = now;
        }
    }
}
