package dev.pegasus.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContractTest {
    @TempDir
    Path temp;

    @Override
    protected FileStore newStore(String testName) {
        return new LocalFileStore(temp.resolve(testName));
    }

    @Test
    void absolutePathsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.length(temp.resolve("x").toString()));
    }

    @Test
    void fileUrisAndPlainPathsOpenLocalStores() throws IOException {
        Path root = temp.resolve("opened");
        try (FileStore byUri = FileStores.open(root.toUri().toString());
             FileStore byPath = FileStores.open(root.toString())) {
            assertTrue(byUri instanceof LocalFileStore);
            assertEquals(byUri.root(), byPath.root());
            byUri.create("x").close();
            assertTrue(Files.exists(root.resolve("x")));
        }
    }

    @Test
    void unknownSchemesAreRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileStores.open(URI.create("nosuchscheme://host/dir")));
        assertTrue(e.getMessage().contains("nosuchscheme"), e.getMessage());
    }
}
