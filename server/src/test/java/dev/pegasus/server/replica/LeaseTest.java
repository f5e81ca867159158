package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Lease lease = new Lease(now::get);

    @Test
    void aLeaseEndedUntilRenewedIsGrantedAgainByTheNextSync() {
        lease.renew(now.get(), 1000);
        assertTrue(lease.isValid());
        lease.endUntilRenewed();
        assertFalse(lease.isValid(), "nothing is served while the storage reopens");
        lease.renew(now.get(), 1000);
        assertTrue(lease.isValid(), "the next sync grants a lease again");
    }

    @Test
    void aRevokedLeaseIsNeverRenewed() {
        lease.renew(now.get(), 1000);
        lease.revoke();
        lease.renew(now.get(), 1000);
        assertFalse(lease.isValid(), "a stopping server serves nobody");
    }
}
