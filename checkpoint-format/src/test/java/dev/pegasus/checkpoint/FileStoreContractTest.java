package dev.pegasus.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FileStore} contract, run against every implementation: each subclass hands out a store
 * rooted at a fresh, empty directory per test.
 */
public abstract class FileStoreContractTest {
    protected FileStore store;

    /** A store rooted at a directory that no other test uses; it may not exist yet. */
    protected abstract FileStore newStore(String testName) throws IOException;

    @BeforeEach
    void openStore(org.junit.jupiter.api.TestInfo info) throws IOException {
        store = newStore(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    protected void write(String path, String content) throws IOException {
        try (OutputStream out = store.create(path)) {
            out.write(content.getBytes(UTF_8));
        }
    }

    protected String read(String path) throws IOException {
        try (InputStream in = store.open(path)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    @Test
    void createMakesParentsAndLengthCountsBytes() throws IOException {
        write("a/b/c/file", "hello");
        assertEquals(Optional.of(5L), store.length("a/b/c/file"));
        assertEquals("hello", read("a/b/c/file"));
        assertTrue(store.exists("a/b"));
    }

    @Test
    void createTruncatesAnExistingFile() throws IOException {
        write("file", "a longer text");
        write("file", "short");
        assertEquals("short", read("file"));
        assertEquals(Optional.of(5L), store.length("file"));
    }

    @Test
    void emptyFileHasLengthZero() throws IOException {
        write("empty", "");
        assertEquals(Optional.of(0L), store.length("empty"));
    }

    @Test
    void lengthIsEmptyForMissingFilesAndDirectories() throws IOException {
        write("dir/file", "x");
        assertEquals(Optional.empty(), store.length("dir"));
        assertEquals(Optional.empty(), store.length("missing"));
        assertEquals(Optional.empty(), store.length("dir/missing/deeper"));
    }

    @Test
    void existsSeesFilesAndDirectories() throws IOException {
        write("dir/file", "x");
        assertTrue(store.exists("dir"));
        assertTrue(store.exists("dir/file"));
        assertFalse(store.exists("dir/other"));
    }

    @Test
    void renameMovesAFileCreatingParents() throws IOException {
        write("tmp/file.uploading", "content");
        store.rename("tmp/file.uploading", "final/dir/file");
        assertEquals("content", read("final/dir/file"));
        assertFalse(store.exists("tmp/file.uploading"));
    }

    @Test
    void renameReplacesAnExistingFile() throws IOException {
        write("target", "old content");
        write("target.uploading", "new");
        store.rename("target.uploading", "target");
        assertEquals("new", read("target"));
        assertEquals(Optional.of(3L), store.length("target"));
        assertEquals(List.of("target"), store.list(""));
    }

    @Test
    void renameOfAMissingFileFails() {
        assertThrows(IOException.class, () -> store.rename("missing", "target"));
    }

    @Test
    void listIsSortedAndHoldsFilesAndDirectories() throws IOException {
        for (String name : List.of("b", "10", "a", "2", "B")) {
            write("dir/" + name, name);
        }
        write("dir/sub/inner", "x");
        assertEquals(List.of("10", "2", "B", "a", "b", "sub"), store.list("dir"));
        assertEquals(List.of("dir"), store.list(""));
    }

    @Test
    void listOfAMissingDirectoryIsEmpty() throws IOException {
        assertEquals(List.of(), store.list("missing"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void listOfAFileIsEmpty() throws IOException {
        write("file", "x");
        assertEquals(List.of(), store.list("file"));
    }

    @Test
    void deleteRemovesAFile() throws IOException {
        write("dir/file", "x");
        write("dir/other", "y");
        store.delete("dir/file");
        assertEquals(List.of("other"), store.list("dir"));
    }

    @Test
    void deleteRemovesAWholeTree() throws IOException {
        write("tree/a/b/file", "x");
        write("tree/c", "y");
        write("kept", "z");
        store.delete("tree");
        assertFalse(store.exists("tree"));
        assertEquals(List.of("kept"), store.list(""));
    }

    @Test
    void deleteOfNothingDoesNothing() throws IOException {
        store.delete("missing/deeper");
        assertFalse(store.exists("missing"));
    }

    @Test
    void openOfAMissingFileFails() {
        assertThrows(IOException.class, () -> store.open("missing").close());
    }

    @Test
    void bytesSurviveUnchanged() throws IOException {
        byte[] bytes = new byte[3 * 65536 + 7];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        try (OutputStream out = store.create("binary")) {
            out.write(bytes);
        }
        try (InputStream in = store.open("binary")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void pathsLeavingTheRootAreRefused() {
        for (String path : List.of("..", "../x", "a/../../x")) {
            assertThrows(IllegalArgumentException.class, () -> store.length(path), path);
            assertThrows(IllegalArgumentException.class, () -> store.create(path).close(), path);
            assertThrows(IllegalArgumentException.class, () -> store.delete(path), path);
        }
    }

    @Test
    void describeNamesTheRootAndThePath() {
        String root = store.root().toString().replaceAll("/$", "");
        String described = store.describe("t/1/file.sst");
        assertEquals(root + "/t/1/file.sst", described);
    }
}
