package dev.pegasus.server.replica.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Swaps a replica's data directory for a checkpoint a learner received, so that a crash at any
 * moment leaves exactly one complete store to open: the old one or the new one, never a mix.
 *
 * <p>The protocol, with {@code D} the replica directory and two siblings {@code D.new} and
 * {@code D.old} (names that never parse as {@code <app>.<partition>}, so listings of replica
 * directories ignore them):
 * <ol>
 *   <li>move the complete staged checkpoint to {@code D.new} (one rename);</li>
 *   <li>rename {@code D} to {@code D.old} (when {@code D} exists);</li>
 *   <li>rename {@code D.new} to {@code D} — the commit point;</li>
 *   <li>delete {@code D.old}.</li>
 * </ol>
 * The parent directory is fsynced after every rename, so the order survives a power loss.
 * {@link #recover} (run by every {@link PartitionStore} open) finishes or undoes an interrupted
 * swap: with {@code D} present, {@code D} is the truth and both siblings are leftovers (a crash
 * before step 2 undoes the install, which the learner never acknowledged, so the primary simply
 * teaches it again; a crash after step 3 only left garbage); with {@code D} missing, a crash fell
 * between steps 2 and 3, and {@code D.new} — complete since step 1 — becomes {@code D}.
 *
 * <p>Renames need the staged directory on the same file system as {@code D}.
 */
public final class StoreDirectories {
    static final String NEW_SUFFIX = ".new";
    static final String OLD_SUFFIX = ".old";

    private StoreDirectories() {}

    /**
     * Puts {@code installed} (a complete store directory, its files already fsynced) in place of
     * {@code replicaDir}, which need not exist, and deletes the previous contents. {@code installed}
     * is gone afterwards. The store in {@code replicaDir} must be closed.
     */
    public static void replace(Path installed, Path replicaDir) throws IOException {
        if (!Files.isDirectory(installed)) {
            throw new IOException("no staged store directory at " + installed);
        }
        recover(replicaDir);
        Path parent = parentOf(replicaDir);
        Files.createDirectories(parent);
        Path incoming = sibling(replicaDir, NEW_SUFFIX);
        Path old = sibling(replicaDir, OLD_SUFFIX);
        Files.move(installed, incoming, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(parent);
        if (Files.exists(replicaDir)) {
            Files.move(replicaDir, old, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(parent);
        }
        Files.move(incoming, replicaDir, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(parent);
        deleteRecursively(old);
    }

    /** Completes or undoes a {@link #replace} that a crash interrupted; does nothing when none was. */
    public static void recover(Path replicaDir) throws IOException {
        Path incoming = sibling(replicaDir, NEW_SUFFIX);
        Path old = sibling(replicaDir, OLD_SUFFIX);
        if (!Files.exists(replicaDir)) {
            Path survivor = Files.exists(incoming) ? incoming : old;
            if (Files.exists(survivor)) {
                Files.move(survivor, replicaDir, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(parentOf(replicaDir));
            }
        }
        deleteRecursively(incoming);
        deleteRecursively(old);
    }

    /** Deletes a file or a directory tree; nothing to do when it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(path)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path each : deepestFirst) {
            Files.deleteIfExists(each);
        }
    }

    /** Makes renames and creations of entries in {@code dir} durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static Path parentOf(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("a replica directory cannot be a file system root: " + dir);
        }
        return parent;
    }
}
