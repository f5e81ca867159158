package dev.pegasus.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader asking for a backup that is not there learns what is missing and what is there instead. */
class BackupRepositoryTest {
    @TempDir
    Path dir;

    private BackupRepository repositoryWithBackupsOfUsers() throws IOException {
        LocalFileStore store = new LocalFileStore(dir.resolve("backups"));
        BackupManifest complete = new BackupManifest(1, "100", "users", 2, 1, 3, Map.of(), 1, 0, 1,
                List.of(new BackupManifest.Partition(0, 5, "0", 0, 0, List.of())));
        Files.createDirectories(dir.resolve("backups").resolve(BackupLayout.backupDir("users", "100")));
        Manifests.write(store, BackupLayout.backupManifest("users", "100"), complete);
        Files.createDirectories(dir.resolve("backups").resolve(BackupLayout.backupDir("users", "200")));
        return new BackupRepository(store);
    }

    private static String missing(BackupRepository repository, String table, Optional<String> id) {
        return assertThrows(BackupNotFoundException.class, () -> repository.select(table, id)).getMessage();
    }

    @Test
    void eachMissingPieceHasItsOwnMessage() throws IOException {
        BackupRepository repository = repositoryWithBackupsOfUsers();
        String root = repository.store().root().toString();
        assertEquals("100", repository.select("users", Optional.of("100")).backupId());
        assertEquals("100", repository.select("users", Optional.empty()).backupId(), "the newest complete one");

        assertEquals("no backup 300 of table 'users' under " + root + "; its backups: 100, 200 (incomplete)",
                missing(repository, "users", Optional.of("300")));
        assertEquals("backup 200 of table 'users' under " + root + " is not complete (no readable backup.json:"
                + " still running, or failed)", missing(repository, "users", Optional.of("200")));
        assertEquals("no backup of table 'orders' under " + root + "; tables with backups there: users",
                missing(repository, "orders", Optional.empty()));

        BackupRepository nowhere = new BackupRepository(new LocalFileStore(dir.resolve("nowhere")));
        assertEquals("no backups under " + nowhere.store().root() + " (it does not exist)",
                missing(nowhere, "users", Optional.empty()));
    }
}
