package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScannerRegistryTest extends StoreTestSupport {
    private final AtomicLong millis = new AtomicLong(1_000);
    private final ScannerRegistry registry = new ScannerRegistry(Duration.ofSeconds(60), millis::get);

    @Test
    void takeHandsTheCursorOutExclusivelyAndPutBringsItBack() {
        ScanCursor cursor = openCursor();
        long id = registry.register(cursor);

        assertSame(cursor, registry.take(id).orElseThrow());
        assertTrue(registry.take(id).isEmpty());

        registry.put(id, cursor);
        assertSame(cursor, registry.take(id).orElseThrow());
    }

    @Test
    void idsAreDistinctAndPositive() {
        long first = registry.register(openCursor());
        long second = registry.register(openCursor());
        assertTrue(first > 0 && second > 0);
        assertNotEquals(first, second);
    }

    @Test
    void removeClosesTheCursor() {
        ScanCursor cursor = openCursor();
        long id = registry.register(cursor);

        registry.remove(id);

        assertTrue(cursor.isClosed());
        assertTrue(registry.take(id).isEmpty());
    }

    @Test
    void idleCursorsExpireAndAreClosed() {
        ScanCursor idle = openCursor();
        ScanCursor busy = openCursor();
        long idleId = registry.register(idle);
        long busyId = registry.register(busy);

        millis.addAndGet(30_000);
        registry.put(busyId, registry.take(busyId).orElseThrow());
        millis.addAndGet(30_000);

        assertEquals(1, registry.expireIdle(millis.get()));
        assertTrue(idle.isClosed());
        assertFalse(busy.isClosed());
        assertTrue(registry.take(idleId).isEmpty());
        assertEquals(1, registry.size());
    }

    @Test
    void aTakenCursorIsNotExpired() {
        ScanCursor cursor = openCursor();
        long id = registry.register(cursor);
        registry.take(id);

        millis.addAndGet(120_000);

        assertEquals(0, registry.expireIdle(millis.get()));
        assertFalse(cursor.isClosed());
        cursor.close();
    }

    @Test
    void completeCursorsAreNotKept() {
        ScanCursor cursor = openCursor();
        long id = registry.register(cursor);
        ScanCursor taken = registry.take(id).orElseThrow();
        assertTrue(store.scan(taken, 100).complete());

        registry.put(id, taken);

        assertEquals(0, registry.size());
    }

    @Test
    void closeClosesEveryCursor() {
        ScanCursor a = openCursor();
        ScanCursor b = openCursor();
        registry.register(a);
        registry.register(b);

        registry.close();

        assertTrue(a.isClosed() && b.isClosed());
        assertEquals(0, registry.size());
    }

    private ScanCursor openCursor() {
        putRecord("h", "s", "v");
        putRecord("h", "t", "v");
        ScanCursor cursor = ScanCursor.of(KeyBounds.ALL);
        store.scan(cursor, 1);
        return cursor;
    }
}
