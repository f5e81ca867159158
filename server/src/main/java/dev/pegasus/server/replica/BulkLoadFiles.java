package dev.pegasus.server.replica;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.BulkLoadRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The local copies of bulk load files on a replica server, under {@code ROOT/LOAD_ID/APP.INDEX/}:
 * each file is downloaded under a temporary name, checked against the partition's metadata (size
 * and CRC32C), made durable and only then renamed, so a file under its final name is whole and
 * checked and a resumed download skips it. The partition's metadata is copied last: its presence
 * means every file is there. Thread-safe as long as one caller works on one partition at a time.
 */
public final class BulkLoadFiles {
    private static final String DOWNLOADING_SUFFIX = ".downloading";
    /** Beside the loads' directories, so deleting a finished load's files never pulls links from under an ingestion. */
    private static final String INGEST_LINKS = ".ingest-links";

    private final Path root;
    private final Bandwidth bandwidth;

    public BulkLoadFiles(Path root, Bandwidth bandwidth) {
        this.root = root;
        this.bandwidth = bandwidth;
    }

    Path dir(String loadId, Gpid gpid) {
        return root.resolve(loadId).resolve(gpid.appId() + "." + gpid.partitionIndex());
    }

    /** The partition's files in ingestion order, once every one is downloaded and checked. */
    Optional<List<Path>> downloaded(String loadId, Gpid gpid) throws IOException {
        Path dir = dir(loadId, gpid);
        if (!Files.exists(dir.resolve(BulkLoadLayout.PARTITION_METADATA))) {
            return Optional.empty();
        }
        BulkLoadPartition partition = Manifests.read(new LocalFileStore(dir), BulkLoadLayout.PARTITION_METADATA,
                BulkLoadPartition.class);
        List<Path> files = new ArrayList<>();
        for (ManifestFile file : partition.files()) {
            Path local = dir.resolve(file.name());
            if (!Files.exists(local) || Files.size(local) != file.size()) {
                throw new CorruptBackupException("bulk load " + loadId + ": downloaded file " + local
                        + " is missing or has the wrong size");
            }
            files.add(local);
        }
        return Optional.of(files);
    }

    /** The partition's metadata read from the bulk load directory. */
    BulkLoadPartition remoteMetadata(String loadRoot, Gpid gpid) throws IOException {
        try (FileStore store = FileStores.open(loadRoot)) {
            return new BulkLoadRepository(store).partition(gpid.partitionIndex());
        }
    }

    /**
     * Downloads the partition's files that are not here yet, checking each, then its metadata.
     *
     * @param progress told the bytes of each file once it is here (downloaded now or before)
     * @param cancelled checked between files; when it turns true the download stops, keeping whole files
     * @return the files in ingestion order, or empty when cancelled
     * @throws CorruptBackupException naming the remote file when one is missing or damaged
     */
    Optional<List<Path>> download(String loadId, Gpid gpid, String loadRoot, LongConsumer progress,
            BooleanSupplier cancelled) throws IOException {
        Path dir = dir(loadId, gpid);
        Files.createDirectories(dir);
        try (FileStore store = FileStores.open(loadRoot)) {
            BulkLoadPartition partition = new BulkLoadRepository(store).partition(gpid.partitionIndex());
            List<Path> files = new ArrayList<>();
            for (ManifestFile file : partition.files()) {
                if (cancelled.getAsBoolean()) {
                    return Optional.empty();
                }
                Path local = dir.resolve(file.name());
                if (!Files.exists(local) || Files.size(local) != file.size()) {
                    Path temporary = dir.resolve(file.name() + DOWNLOADING_SUFFIX);
                    FileTransfers.download(store, BulkLoadLayout.file(gpid.partitionIndex(), file.name()), file,
                            temporary, bandwidth);
                    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                    Files.move(temporary, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                progress.accept(file.size());
                files.add(local);
            }
            Manifests.write(new LocalFileStore(dir), BulkLoadLayout.PARTITION_METADATA, partition);
            StoreDirectories.syncDirectory(dir);
            return Optional.of(files);
        }
    }

    /**
     * Hard links to the files in a fresh directory of the partition: ingestion moves files into the
     * store, and the downloaded ones must stay until the load is over (a replay after a crash ingests
     * them again). Only the partition's worker uses the directory.
     */
    List<Path> linksForIngestion(Gpid gpid, List<Path> files) throws IOException {
        Path links = root.resolve(INGEST_LINKS).resolve(gpid.appId() + "." + gpid.partitionIndex());
        StoreDirectories.deleteRecursively(links);
        Files.createDirectories(links);
        List<Path> linked = new ArrayList<>();
        for (Path file : files) {
            Path link = links.resolve(file.getFileName());
            Files.createLink(link, file);
            linked.add(link);
        }
        return linked;
    }

    void delete(String loadId, Gpid gpid) throws IOException {
        StoreDirectories.deleteRecursively(dir(loadId, gpid));
        deleteIfEmpty(root.resolve(loadId));
    }

    /** Deletes the files of every bulk load not in {@code keep} (left by loads that ended while this server was down). */
    void deleteAllBut(Set<String> keep) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> loads = Files.list(root)) {
            for (Path load : loads.toList()) {
                String name = load.getFileName().toString();
                if (!keep.contains(name) && !name.equals(INGEST_LINKS)) {
                    StoreDirectories.deleteRecursively(load);
                }
            }
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (NoSuchFileException e) {
            // another partition of the same load removed it first
        }
    }
}
