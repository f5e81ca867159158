package dev.pegasus.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Copies checkpoint files between the local disk and a file store, checksumming every byte on the
 * way, within a {@link Bandwidth}.
 */
public final class FileTransfers {
    private static final int BUFFER_BYTES = 1 << 20;

    private FileTransfers() {
    }

    /**
     * Uploads a local file to {@code target} unless the same immutable file is already there: RocksDB
     * never rewrites an SST file under the same name, so an SST file of the right length under its
     * final name (renamed there only once whole) is kept, which makes a retried upload resume file by
     * file. Other files are small and always written again.
     *
     * @return the file as the manifest should list it
     * @throws CorruptBackupException when the local file does not match {@code expected} (it changed
     *                                under the upload)
     */
    public static ManifestFile upload(Path local, ManifestFile expected, FileStore store, String target,
            Bandwidth bandwidth) throws IOException {
        Optional<Long> present = store.length(target);
        if (present.isPresent() && present.get() == expected.size() && expected.name().endsWith(".sst")) {
            return expected;
        }
        String temporary = target + BackupLayout.IN_PROGRESS_SUFFIX;
        ManifestFile written;
        try (InputStream in = Files.newInputStream(local); OutputStream out = store.create(temporary)) {
            written = copy(in, out, expected.name(), bandwidth);
        }
        if (!written.equals(expected)) {
            store.delete(temporary);
            throw new CorruptBackupException("local file " + local + " changed during the upload: expected "
                    + describe(expected) + ", read " + describe(written));
        }
        store.rename(temporary, target);
        return written;
    }

    /**
     * Downloads {@code source} to {@code local} and checks it against the manifest's entry.
     *
     * @throws CorruptBackupException naming the file when it is missing, truncated, longer, or its
     *                                checksum differs; the partial local file is deleted
     */
    public static void download(FileStore store, String source, ManifestFile expected, Path local,
            Bandwidth bandwidth) throws IOException {
        if (store.length(source).isEmpty()) {
            throw new CorruptBackupException("file " + store.describe(source) + " is missing");
        }
        ManifestFile read;
        try (InputStream in = store.open(source); OutputStream out = Files.newOutputStream(local)) {
            read = copy(in, out, expected.name(), bandwidth);
        }
        try {
            check(store.describe(source), expected, read);
        } catch (CorruptBackupException e) {
            Files.deleteIfExists(local);
            throw e;
        }
    }

    /**
     * Reads {@code source} through and checks it against the manifest's entry, without keeping it.
     *
     * @throws CorruptBackupException naming the file when it is missing or differs
     */
    public static void verify(FileStore store, String source, ManifestFile expected) throws IOException {
        if (store.length(source).isEmpty()) {
            throw new CorruptBackupException("file " + store.describe(source) + " is missing");
        }
        ManifestFile read;
        try (InputStream in = store.open(source)) {
            read = copy(in, OutputStream.nullOutputStream(), expected.name(), Bandwidth.UNLIMITED);
        }
        check(store.describe(source), expected, read);
    }

    private static void check(String where, ManifestFile expected, ManifestFile read) throws CorruptBackupException {
        if (read.size() != expected.size()) {
            throw new CorruptBackupException("file " + where + " has " + read.size() + " bytes; its manifest says "
                    + expected.size() + (read.size() < expected.size() ? " (truncated)" : ""));
        }
        if (read.crc32c() != expected.crc32c()) {
            throw new CorruptBackupException("file " + where + " has checksum " + hex(read.crc32c())
                    + "; its manifest says " + hex(expected.crc32c()) + " (the file is damaged)");
        }
    }

    /** Describes a local file the way a manifest lists it, reading it once. */
    public static ManifestFile describe(Path local) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            return copy(in, OutputStream.nullOutputStream(), local.getFileName().toString(), Bandwidth.UNLIMITED);
        }
    }

    private static ManifestFile copy(InputStream in, OutputStream out, String name, Bandwidth bandwidth)
            throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        for (int n = in.readNBytes(buffer, 0, buffer.length); n > 0; n = in.readNBytes(buffer, 0, buffer.length)) {
            bandwidth.acquire(n);
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
        }
        return new ManifestFile(name, size, crc.getValue());
    }

    private static String describe(ManifestFile file) {
        return file.size() + " bytes, checksum " + hex(file.crc32c());
    }

    static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
