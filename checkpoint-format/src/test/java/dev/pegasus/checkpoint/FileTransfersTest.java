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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransfersTest {
    @TempDir
    Path temp;
    FileStore store;
    Path local;
    ManifestFile described;

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalFileStore(temp.resolve("store"));
        local = temp.resolve("000007.sst");
        byte[] bytes = new byte[(3 << 20) / 2 + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        Files.write(local, bytes);
        described = FileTransfers.describe(local);
    }

    @Test
    void describeGivesNameSizeAndCrc32c() throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(local));
        assertEquals(new ManifestFile("000007.sst", Files.size(local), crc.getValue()), described);
    }

    @Test
    void uploadThenDownloadGivesTheSameBytes() throws IOException {
        assertEquals(described, FileTransfers.upload(local, described, store, "p/000007.sst", Bandwidth.UNLIMITED));
        assertEquals(List.of("000007.sst"), store.list("p"), "no temporary file is left");
        FileTransfers.verify(store, "p/000007.sst", described);
        Path copy = temp.resolve("copy.sst");
        FileTransfers.download(store, "p/000007.sst", described, copy, Bandwidth.UNLIMITED);
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(copy));
    }

    @Test
    void uploadSkipsAnSstFileAlreadyThereWithItsLength() throws IOException {
        byte[] placeholder = new byte[(int) described.size()];
        writeRaw("p/000007.sst", placeholder);
        FileTransfers.upload(local, described, store, "p/000007.sst", Bandwidth.UNLIMITED);
        assertArrayEquals(placeholder, readRaw("p/000007.sst"), "an SST file of the right length was kept");
    }

    @Test
    void uploadRewritesAnSstFileOfAnotherLength() throws IOException {
        writeRaw("p/000007.sst", new byte[10]);
        FileTransfers.upload(local, described, store, "p/000007.sst", Bandwidth.UNLIMITED);
        FileTransfers.verify(store, "p/000007.sst", described);
    }

    @Test
    void uploadAlwaysRewritesOtherFiles() throws IOException {
        Path current = temp.resolve("CURRENT");
        Files.writeString(current, "MANIFEST-000005\n");
        ManifestFile expected = FileTransfers.describe(current);
        writeRaw("p/CURRENT", "MANIFEST-000004\n".getBytes(UTF_8));
        FileTransfers.upload(current, expected, store, "p/CURRENT", Bandwidth.UNLIMITED);
        assertEquals("MANIFEST-000005\n", new String(readRaw("p/CURRENT"), UTF_8));
    }

    @Test
    void uploadOfAFileThatChangedIsRefusedAndLeavesNothing() throws IOException {
        ManifestFile stale = new ManifestFile(described.name(), described.size(), described.crc32c() ^ 1);
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> FileTransfers.upload(local, stale, store, "p/000007.sst", Bandwidth.UNLIMITED));
        assertTrue(e.getMessage().contains(local.toString()), e.getMessage());
        assertEquals(List.of(), store.list("p"));
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        upload();
        byte[] bytes = readRaw("p/000007.sst");
        writeRaw("p/000007.sst", java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertCorrupt("truncated");
    }

    @Test
    void longerFileIsNamed() throws IOException {
        upload();
        byte[] bytes = readRaw("p/000007.sst");
        writeRaw("p/000007.sst", java.util.Arrays.copyOf(bytes, bytes.length + 1));
        assertCorrupt("manifest says " + described.size());
    }

    @Test
    void fileWithAFlippedBitIsNamed() throws IOException {
        upload();
        byte[] bytes = readRaw("p/000007.sst");
        bytes[bytes.length / 2] ^= 0x10;
        writeRaw("p/000007.sst", bytes);
        assertCorrupt("checksum");
    }

    @Test
    void missingFileIsNamed() {
        assertCorrupt("missing");
    }

    @Test
    void failedDownloadLeavesNoLocalFile() throws IOException {
        upload();
        byte[] bytes = readRaw("p/000007.sst");
        bytes[0] ^= 1;
        writeRaw("p/000007.sst", bytes);
        Path copy = temp.resolve("copy.sst");
        assertThrows(CorruptBackupException.class,
                () -> FileTransfers.download(store, "p/000007.sst", described, copy, Bandwidth.UNLIMITED));
        assertFalse(Files.exists(copy));
    }

    private void upload() throws IOException {
        FileTransfers.upload(local, described, store, "p/000007.sst", Bandwidth.UNLIMITED);
    }

    /** Both the reading check and the download fail, naming the file and what is wrong with it. */
    private void assertCorrupt(String reason) {
        String name = store.describe("p/000007.sst");
        CorruptBackupException verify = assertThrows(CorruptBackupException.class,
                () -> FileTransfers.verify(store, "p/000007.sst", described));
        CorruptBackupException download = assertThrows(CorruptBackupException.class,
                () -> FileTransfers.download(store, "p/000007.sst", described, temp.resolve("copy.sst"),
                        Bandwidth.UNLIMITED));
        for (CorruptBackupException e : List.of(verify, download)) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
        }
    }

    private void writeRaw(String path, byte[] bytes) throws IOException {
        try (OutputStream out = store.create(path)) {
            out.write(bytes);
        }
    }

    private byte[] readRaw(String path) throws IOException {
        try (InputStream in = store.open(path)) {
            return in.readAllBytes();
        }
    }
}
