package dev.pegasus.server.replica;

import java.util.function.LongSupplier;

/**
 * The replica server's lease from the meta server. Replicas serve clients only while it is valid;
 * the meta server waits out the lease plus a grace period before it gives their roles away, so a
 * server cut off from the meta server stops serving before anyone else starts.
 */
public final class Lease {
    private final LongSupplier nanoClock;
    private volatile long expiresAtNanos;
    private boolean revoked;

    public Lease(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.expiresAtNanos = nanoClock.getAsLong();
    }

    /** Extends the lease to {@code durationMillis} after the moment the request that earned it was sent. */
    public synchronized void renew(long requestSentAtNanos, long durationMillis) {
        if (revoked) {
            return;
        }
        long expiry = requestSentAtNanos + durationMillis * 1_000_000;
        if (expiry - expiresAtNanos > 0) {
            expiresAtNanos = expiry;
        }
    }

    /**
     * Ends the lease now; the next sync's answer grants a new one. The server reopens its storage: nothing
     * is served until it has synced as its new life.
     */
    synchronized void endUntilRenewed() {
        expiresAtNanos = nanoClock.getAsLong();
    }

    /** Ends the lease for good: the server is stopping, and its replicas serve nobody from now on. */
    synchronized void revoke() {
        revoked = true;
        expiresAtNanos = nanoClock.getAsLong();
    }

    public boolean isValid() {
        return expiresAtNanos - nanoClock.getAsLong() > 0;
    }
}
