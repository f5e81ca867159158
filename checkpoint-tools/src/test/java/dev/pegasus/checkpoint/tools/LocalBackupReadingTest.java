package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;

/** Backups under a {@code file://} root. */
class LocalBackupReadingTest extends BackupReadingTest {
    @Override
    FileStore newStore(String testName) throws IOException {
        return FileStores.open(temp.resolve("backups").toUri().toString());
    }
}
