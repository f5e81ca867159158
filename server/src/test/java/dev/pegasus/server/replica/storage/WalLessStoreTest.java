package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ValueSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store without the RocksDB WAL: a close does not flush, exactly like a crash, so what opens
 * afterwards is the last flush — always a (data, decree) pair that agree.
 */
class WalLessStoreTest {
    @TempDir
    Path tempDir;

    private final FakeClock clock = new FakeClock();
    private StorageEnvironment env;
    private Path dir;
    private PartitionStore store;

    @BeforeEach
    void open() {
        env = new StorageEnvironment(8L << 20, 8L << 20);
        dir = tempDir.resolve("1.0");
        store = PartitionStore.openWithoutWal(dir, env, clock);
    }

    @AfterEach
    void close() {
        store.close();
        env.close();
    }

    @Test
    void closeWithoutFlushReturnsToTheLastFlush() {
        for (long decree = 1; decree <= 100; decree++) {
            store.apply(decree, mutationAt(decree, 16));
            if (decree == 60) {
                assertEquals(60, store.flush());
            }
        }
        assertEquals(100, store.lastAppliedDecree());
        assertEquals(60, store.durableDecree());

        reopen();

        assertEquals(60, store.lastAppliedDecree());
        assertEquals(60, store.durableDecree());
        assertEquals(modelAt(60, 16), StoreContents.asText(store));
    }

    @Test
    void replayAfterReopenContinuesFromTheDurableDecree() {
        for (long decree = 1; decree <= 30; decree++) {
            store.apply(decree, mutationAt(decree, 16));
        }
        store.flush();
        store.apply(31, mutationAt(31, 16));

        reopen();
        for (long decree = store.lastAppliedDecree() + 1; decree <= 40; decree++) {
            store.apply(decree, mutationAt(decree, 16));
        }

        assertEquals(modelAt(40, 16), StoreContents.asText(store));
    }

    @Test
    void backgroundFlushesKeepDataAndDecreeTogether() {
        // 1 MiB memtables: about 400 records of 10 KiB fill several, which RocksDB flushes by itself.
        int valueBytes = 10 << 10;
        long last = 400;
        for (long decree = 1; decree <= last; decree++) {
            store.apply(decree, mutationAt(decree, valueBytes));
        }

        reopen();

        long decree = store.lastAppliedDecree();
        assertTrue(decree > 0, "RocksDB flushed nothing by itself");
        assertTrue(decree < last, "the close flushed");
        assertEquals(decree, store.durableDecree());
        assertEquals(modelAt(decree, valueBytes), StoreContents.asText(store));
    }

    @Test
    void anEmptyStoreReopensEmpty() {
        reopen();
        assertEquals(0, store.lastAppliedDecree());
        assertEquals(Map.of(), StoreContents.asText(store));
    }

    private void reopen() {
        store.close();
        store = PartitionStore.openWithoutWal(dir, env, clock);
    }

    /**
     * Decree d overwrites key {@code d % 7}, adds key {@code only-d} and deletes {@code only-(d-1)}:
     * each decree leaves a trace, so a store ahead of or behind its decree differs from the model.
     */
    private static Mutation mutationAt(long decree, int valueBytes) {
        List<WriteOp> ops = new ArrayList<>();
        ops.add(WriteOp.put(StoreTestSupport.key("k", "k" + decree % 7), storedValue(decree, valueBytes)));
        ops.add(WriteOp.put(StoreTestSupport.key("only", Long.toString(decree)), storedValue(decree, 1)));
        ops.add(WriteOp.delete(StoreTestSupport.key("only", Long.toString(decree - 1))));
        return new Mutation(ops);
    }

    private static byte[] storedValue(long decree, int valueBytes) {
        String value = ("v" + decree + "-").repeat(valueBytes).substring(0, valueBytes);
        return ValueSchema.encode(0, 0, StoreTestSupport.bytes(value));
    }

    /** What a store holds after applying decrees 1..decree. */
    private static Map<String, String> modelAt(long decree, int valueBytes) {
        Map<String, String> model = new TreeMap<>();
        for (long d = 1; d <= decree; d++) {
            for (WriteOp op : mutationAt(d, valueBytes).ops()) {
                String key = StoreTestSupport.text(op.key());
                if (op.delete()) {
                    model.remove(key);
                } else {
                    model.put(key, StoreTestSupport.text(op.storedValue()));
                }
            }
        }
        return model;
    }
}
