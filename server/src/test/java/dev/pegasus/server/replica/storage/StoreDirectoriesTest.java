package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory swap of an installed checkpoint, and recovery from a crash after each of its steps. */
class StoreDirectoriesTest {
    @TempDir
    Path tempDir;

    @Test
    void replacePutsTheStagedDirectoryInPlaceAndDeletesTheOldOne() throws IOException {
        Path replica = directoryWith("replicas/1.0", "old");
        Path staged = directoryWith("staging/1.0.9", "new");

        StoreDirectories.replace(staged, replica);

        assertEquals("new", marker(replica));
        assertFalse(Files.exists(staged));
        assertEquals(List.of("1.0"), names(replica.getParent()));
    }

    @Test
    void replaceCreatesAMissingReplicaDirectory() throws IOException {
        Path replica = tempDir.resolve("replicas/1.0");
        Path staged = directoryWith("staging/1.0.9", "new");

        StoreDirectories.replace(staged, replica);

        assertEquals("new", marker(replica));
    }

    @Test
    void aMissingStagedDirectoryChangesNothing() throws IOException {
        Path replica = directoryWith("replicas/1.0", "old");

        assertThrows(IOException.class, () -> StoreDirectories.replace(tempDir.resolve("nothing"), replica));

        assertEquals("old", marker(replica));
    }

    @Test
    void crashBeforeTheOldDirectoryMovedKeepsTheOldStore() throws IOException {
        Path replica = directoryWith("replicas/1.0", "old");
        directoryWith("replicas/1.0.new", "new");

        StoreDirectories.recover(replica);

        assertEquals("old", marker(replica));
        assertEquals(List.of("1.0"), names(replica.getParent()));
    }

    @Test
    void crashBetweenTheTwoRenamesInstallsTheNewStore() throws IOException {
        Path replica = tempDir.resolve("replicas/1.0");
        directoryWith("replicas/1.0.old", "old");
        directoryWith("replicas/1.0.new", "new");

        StoreDirectories.recover(replica);

        assertEquals("new", marker(replica));
        assertEquals(List.of("1.0"), names(replica.getParent()));
    }

    @Test
    void crashBeforeTheOldStoreWasDeletedFinishesTheDeletion() throws IOException {
        Path replica = directoryWith("replicas/1.0", "new");
        directoryWith("replicas/1.0.old", "old");

        StoreDirectories.recover(replica);

        assertEquals("new", marker(replica));
        assertEquals(List.of("1.0"), names(replica.getParent()));
    }

    @Test
    void aLoneOldDirectoryIsPutBack() throws IOException {
        Path replica = tempDir.resolve("replicas/1.0");
        directoryWith("replicas/1.0.old", "old");

        StoreDirectories.recover(replica);

        assertEquals("old", marker(replica));
    }

    @Test
    void openingAStoreFinishesAnInterruptedSwap() throws IOException {
        try (StorageEnvironment env = new StorageEnvironment(8L << 20, 8L << 20)) {
            Path replica = tempDir.resolve("replicas/1.0");
            Path learned = tempDir.resolve("staging/1.0.9");
            try (PartitionStore old = PartitionStore.openWithoutWal(replica, env, StorageClock.SYSTEM);
                 PartitionStore fresh = PartitionStore.openWithoutWal(learned, env, StorageClock.SYSTEM)) {
                old.apply(5, Mutation.empty());
                old.flush();
                fresh.apply(9, Mutation.empty());
                fresh.flush();
            }
            Files.move(learned, replica.resolveSibling("1.0.new"));
            Files.move(replica, replica.resolveSibling("1.0.old"));

            try (PartitionStore store = PartitionStore.openWithoutWal(replica, env, StorageClock.SYSTEM)) {
                assertEquals(9, store.lastAppliedDecree());
            }
            assertEquals(List.of("1.0"), names(replica.getParent()));
        }
    }

    private Path directoryWith(String relative, String marker) throws IOException {
        Path dir = Files.createDirectories(tempDir.resolve(relative));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/marker"), marker);
        return dir;
    }

    private static String marker(Path dir) throws IOException {
        return Files.readString(dir.resolve("sub/marker"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
