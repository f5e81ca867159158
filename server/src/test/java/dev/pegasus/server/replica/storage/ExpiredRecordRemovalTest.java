package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpiredRecordRemovalTest extends StoreTestSupport {

    @Test
    void expiredRecordsAreInvisibleAtOnceAndPhysicallyGoneAfterSweepAndCompaction() {
        for (int i = 0; i < 50; i++) {
            putRecord("h", "live" + i, "v");
            putRecord("h", "short" + i, "v", expireIn(2));
        }
        store.compact();
        assertEquals(100, store.storedEntryCount());

        clock.advanceSeconds(2);
        assertEquals(50, store.sortKeyCount(bytes("h")));
        assertTrue(store.get(key("h", "short0")).isEmpty());
        assertEquals(100, store.storedEntryCount(), "expiry alone hides records but does not remove them");

        assertEquals(50, store.removeExpired(1_000));
        store.compact();

        assertEquals(50, store.storedEntryCount());
        assertEquals(50, store.estimateRawRecordCount());
        assertEquals(50, store.sortKeyCount(bytes("h")));
    }

    @Test
    void sweepIsNotADecree() {
        putRecord("h", "s", "v", expireIn(1));
        long decree = store.lastAppliedDecree();
        clock.advanceSeconds(1);

        store.removeExpired(10);

        assertEquals(decree, store.lastAppliedDecree());
    }

    @Test
    void successiveCallsResumeAndCoverThePartition() {
        for (int i = 0; i < 10; i++) {
            putRecord("h", "k" + i, "v", i % 2 == 0 ? expireIn(1) : 0);
        }
        clock.advanceSeconds(1);

        int removed = 0;
        for (int call = 0; call < 4; call++) {
            removed += store.removeExpired(3);
        }
        assertEquals(5, removed);

        assertEquals(0, store.removeExpired(100), "a full pass finds nothing more");
        assertEquals(5, store.sortKeyCount(bytes("h")));
    }

    @Test
    void recordsNotYetExpiredStay() {
        putRecord("h", "later", "v", expireIn(10));
        clock.advanceSeconds(9);

        assertEquals(0, store.removeExpired(100));
        assertTrue(store.get(key("h", "later")).isPresent());
    }

    @Test
    void recordRewrittenAfterExpirySurvivesTheSweep() {
        putRecord("h", "s", "old", expireIn(1));
        clock.advanceSeconds(1);
        putRecord("h", "s", "new");

        assertEquals(0, store.removeExpired(100));
        assertEquals("new", text(store.get(key("h", "s")).orElseThrow()));
    }

    @Test
    void deleteIfSweptRechecksEachCandidate() {
        putRecord("h", "expired", "v", expireIn(1));
        putRecord("h", "rewritten", "v", expireIn(1));
        clock.advanceSeconds(1);
        // Found expired by an earlier look, rewritten before the delete: must stay.
        putRecord("h", "rewritten", "fresh");

        int deleted = store.deleteIfSwept(java.util.List.of(key("h", "expired"), key("h", "rewritten"),
                key("h", "missing")), clock.nowEpochSeconds());

        assertEquals(1, deleted);
        assertTrue(store.readLive(key("h", "rewritten")).isPresent());
    }
}
