package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The threading contract: one writer, readers and the expiry sweep on other threads, all at once. */
class ConcurrentAccessTest extends StoreTestSupport {
    private static final int WRITES = 2_000;

    @Test
    void readersAndSweeperRunBesideTheWriter() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < WRITES; i++) {
                    // Every other record is already expired when written: the sweeper races the writer for it.
                    putRecord("h", "k" + (i % 100), Integer.toString(i), i % 2 == 0 ? expireIn(-1) : 0);
                }
                writing.set(false);
            });
            Future<?> reader = threads.submit(() -> {
                while (writing.get()) {
                    // A failed read throws; present or absent are both fine while the writer runs.
                    store.get(key("h", "k1"));
                    store.multiGet(new MultiGetQuery(bytes("h"), List.of(), KeyBounds.ALL, PatternFilter.NONE, 10, 0,
                            false, false));
                }
            });
            Future<?> sweeper = threads.submit(() -> {
                while (writing.get()) {
                    store.removeExpired(50);
                }
            });
            writer.get(30, TimeUnit.SECONDS);
            reader.get(30, TimeUnit.SECONDS);
            sweeper.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertEquals(WRITES, store.lastAppliedDecree());
        // The last write of each odd key has no TTL; no sweep may have removed it.
        for (int k = 1; k < 100; k += 2) {
            assertEquals(Integer.toString(WRITES - 100 + k), text(store.get(key("h", "k" + k)).orElseThrow()));
        }
        assertEquals(50, store.sortKeyCount(bytes("h")));
    }
}
