package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.PartitionHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A store splits at a decree: its copy is the child's store, and each keeps only its half once swept. */
class PartitionSplitStoreTest extends StoreTestSupport {
    private final List<String> ownKeys = new ArrayList<>();
    private final List<String> childKeys = new ArrayList<>();

    private void fill() {
        store.setPartitionIndex(1);
        for (int i = 0; ownKeys.size() + childKeys.size() < 40; i++) {
            String hashKey = "h" + i;
            int partition = PartitionHash.partitionIndex(PartitionHash.crc64(hashKey.getBytes(StandardCharsets.UTF_8)), 4);
            if (partition == 1 || partition == 3) {
                putRecord(hashKey, "s", "v" + i);
                (partition == 1 ? ownKeys : childKeys).add(hashKey);
            }
        }
    }

    @Test
    void theChildOpensAtTheSplitDecreeWithEveryKeyAndEachSideSweepsTheOther() {
        fill();
        long decree = store.lastAppliedDecree() + 1;
        Path childDir = tempDir.resolve("child");
        store.split(decree, 4, childDir);
        assertEquals(decree, store.lastAppliedDecree());
        assertEquals(4, store.splitCount());
        ownKeys.forEach(k -> assertTrue(store.owns(key(k, "s"))));
        childKeys.forEach(k -> assertFalse(store.owns(key(k, "s"))));

        try (PartitionStore child = PartitionStore.openWithoutWal(childDir, env, clock)) {
            child.setPartitionIndex(3);
            assertEquals(decree, child.lastAppliedDecree());
            assertEquals(4, child.splitCount());
            childKeys.forEach(k -> assertTrue(child.get(key(k, "s")).isPresent()));
            child.sweepForeignKeys(true);
            assertEquals(ownKeys.size(), child.removeExpired(1_000), "the child sweeps its parent's half");
            childKeys.forEach(k -> assertTrue(child.get(key(k, "s")).isPresent()));
        }

        assertEquals(0, store.removeExpired(1_000), "the parent keeps its child's half while the split goes on");
        store.sweepForeignKeys(true);
        assertEquals(childKeys.size(), store.removeExpired(1_000));
        ownKeys.forEach(k -> assertTrue(store.get(key(k, "s")).isPresent()));
        childKeys.forEach(k -> assertTrue(store.get(key(k, "s")).isEmpty()));
    }

    @Test
    void aReplayedSplitKeepsTheCopyAlreadyInPlace() {
        fill();
        Path childDir = tempDir.resolve("child");
        store.split(store.lastAppliedDecree() + 1, 4, childDir);
        try (PartitionStore child = PartitionStore.openWithoutWal(childDir, env, clock)) {
            child.apply(child.lastAppliedDecree() + 1, Mutation.of(WriteOp.put(key("later", "s"),
                    new byte[12])));
            child.flush();
        }
        store.split(store.lastAppliedDecree() + 1, 4, childDir);
        try (PartitionStore child = PartitionStore.openWithoutWal(childDir, env, clock)) {
            assertTrue(child.get(key("later", "s")).isPresent(), "the child's own write stays");
        }
        assertThrows(IllegalStateException.class, () -> store.split(1, 4, childDir), "a split is a decree");
    }
}
