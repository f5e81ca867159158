package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class StoreCheckpointTest extends StoreTestSupport {

    @Test
    void checkpointOpensAtItsDecreeWithTheSameRecords() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");
        apply(Mutation.of(WriteOp.delete(key("h", "a"))));
        Map<String, String> records = StoreContents.asText(store);

        StoreCheckpoint checkpoint = store.createCheckpoint(tempDir.resolve("checkpoints/c1"));
        putRecord("h", "c", "written after the checkpoint");

        assertEquals(3, checkpoint.decree());
        assertEquals(3, store.durableDecree());
        try (PartitionStore copy = PartitionStore.open(checkpoint.dir(), env, false, clock)) {
            assertEquals(3, copy.lastAppliedDecree());
            assertEquals(records, StoreContents.asText(copy));
        }
    }

    @Test
    void checkpointOfAWalLessStoreHoldsWhatWasOnlyInMemtables() {
        Path dir = tempDir.resolve("wal-less");
        try (PartitionStore walLess = PartitionStore.openWithoutWal(dir, env, clock)) {
            walLess.apply(7, Mutation.of(WriteOp.put(key("h", "s"), ValueSchema.encode(0, 0, bytes("v")))));
            StoreCheckpoint checkpoint = walLess.createCheckpoint(tempDir.resolve("c"));
            assertEquals(7, checkpoint.decree());
            try (PartitionStore copy = PartitionStore.openWithoutWal(checkpoint.dir(), env, clock)) {
                assertEquals(7, copy.lastAppliedDecree());
                assertEquals(StoreContents.asText(walLess), StoreContents.asText(copy));
            }
        }
    }

    @Test
    void filesAreListedWithSizesAndChecksums() throws IOException {
        for (int i = 0; i < 100; i++) {
            putRecord("h" + i, "s", "value " + i);
        }
        StoreCheckpoint checkpoint = store.createCheckpoint(tempDir.resolve("c"));

        List<String> onDisk;
        try (Stream<Path> files = Files.list(checkpoint.dir())) {
            onDisk = files.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertEquals(onDisk, checkpoint.files().stream().map(CheckpointFile::name).toList());
        assertTrue(onDisk.contains("CURRENT"));
        assertTrue(onDisk.stream().anyMatch(name -> name.endsWith(".sst")));
        for (CheckpointFile file : checkpoint.files()) {
            Path path = checkpoint.dir().resolve(file.name());
            assertEquals(Files.size(path), file.size(), file.name());
            CRC32C crc = new CRC32C();
            crc.update(Files.readAllBytes(path));
            assertEquals(crc.getValue(), file.crc32c(), file.name());
        }
        assertEquals(checkpoint.files().stream().mapToLong(CheckpointFile::size).sum(), checkpoint.totalBytes());
    }

    @Test
    void anExistingTargetIsRefusedAndLeftAlone() throws IOException {
        Path target = Files.createDirectories(tempDir.resolve("taken"));
        Files.writeString(target.resolve("keep"), "mine");

        assertThrows(StorageException.class, () -> store.createCheckpoint(target));

        assertEquals("mine", Files.readString(target.resolve("keep")));
        assertFalse(Files.exists(tempDir.resolve("taken.tmp")));
    }
}
