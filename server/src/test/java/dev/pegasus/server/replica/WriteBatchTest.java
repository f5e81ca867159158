package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
    private static WriteOp put(String key, int valueBytes) {
        return WriteOp.put(key.getBytes(StandardCharsets.UTF_8), new byte[valueBytes]);
    }

    @Test
    void sealKeepsArrivalOrderOfWritesAndWaitersAndStartsOver() {
        WriteBatch<String> batch = new WriteBatch<>(10, 1 << 20);
        WriteOp a = put("a", 1);
        WriteOp b1 = put("b", 1);
        WriteOp b2 = WriteOp.delete("b".getBytes(StandardCharsets.UTF_8));
        batch.add(List.of(a), "first");
        batch.add(List.of(b1, b2), "second");

        WriteBatch.Sealed<String> sealed = batch.seal();

        assertEquals(List.of(a, b1, b2), sealed.ops());
        assertEquals(List.of("first", "second"), sealed.waiting());
        assertTrue(batch.isEmpty());
        assertTrue(batch.seal().ops().isEmpty());
    }

    @Test
    void fullByWriteCountOrBytes() {
        WriteBatch<Integer> byCount = new WriteBatch<>(2, 1 << 20);
        byCount.add(List.of(put("k", 1)), 1);
        assertFalse(byCount.isFull());
        byCount.add(List.of(put("k", 1)), 2);
        assertTrue(byCount.isFull());

        WriteBatch<Integer> byBytes = new WriteBatch<>(100, 100);
        byBytes.add(List.of(put("k", 98)), 1);
        assertFalse(byBytes.isFull(), "99 bytes");
        byBytes.add(List.of(put("k", 0)), 2);
        assertTrue(byBytes.isFull(), "100 bytes");
        byBytes.seal();
        assertFalse(byBytes.isFull(), "a sealed batch starts empty");
    }

    @Test
    void drainHandsBackTheWaiters() {
        WriteBatch<String> batch = new WriteBatch<>(4, 1 << 20);
        batch.add(List.of(put("k", 1)), "w");
        assertEquals(List.of("w"), batch.drain());
        assertTrue(batch.isEmpty());
    }

    @Test
    void refusesLimitsThatHoldNothing() {
        assertThrows(IllegalArgumentException.class, () -> new WriteBatch<String>(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WriteBatch<String>(1, 0));
    }
}
