package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opened checkpoints shared by the readers of one JVM, so that several readers of one partition (the
 * tasks reading key ranges of it) stage and open it once: the first reader stages it, readers that
 * come meanwhile wait for that, and the last one to close deletes it. A checkpoint that fails to
 * open fails every reader waiting for it, and the next reader tries again.
 *
 * <p>Thread-safe. Checkpoints are told apart by where they come from (backup root, table, backup,
 * partition, attempt) and the local directory they are staged under.
 */
public final class SharedCheckpoints {
    private static final SharedCheckpoints JVM = new SharedCheckpoints();

    private record Key(String source, Path stagingParent) {
    }

    /** Invariant: in {@link #entries} while {@code leases > 0} and the checkpoint has not failed to open. */
    private static final class Entry {
        final CompletableFuture<OpenCheckpoint> opened = new CompletableFuture<>();
        int leases;
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    /** The checkpoints shared by every reader of this JVM. */
    public static SharedCheckpoints jvm() {
        return JVM;
    }

    /** How many checkpoints are staged or being staged. */
    public synchronized int staged() {
        return entries.size();
    }

    /** A hold on an opened checkpoint; closing the last hold closes the checkpoint. */
    final class Lease implements AutoCloseable {
        private final Key key;
        private final Entry entry;
        private final OpenCheckpoint checkpoint;
        private boolean closed;

        private Lease(Key key, Entry entry, OpenCheckpoint checkpoint) {
            this.key = key;
            this.entry = entry;
            this.checkpoint = checkpoint;
        }

        OpenCheckpoint checkpoint() {
            return checkpoint;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                release(key, entry);
            }
        }
    }

    Lease acquire(BackupRepository repository, BackupManifest backup, int index, SnapshotReadOptions options)
            throws IOException {
        Key key = new Key(repository.store().describe(repository.checkpointDir(backup, index)),
                options.stagingParent().toAbsolutePath().normalize());
        Entry entry;
        boolean opener;
        synchronized (this) {
            entry = entries.get(key);
            opener = entry == null;
            if (opener) {
                entry = new Entry();
                entries.put(key, entry);
            }
            entry.leases++;
        }
        if (opener) {
            open(key, entry, repository, backup, index, options);
        }
        try {
            return new Lease(key, entry, entry.opened.join());
        } catch (CompletionException e) {
            synchronized (this) {
                entry.leases--;
            }
            throw rethrown(e.getCause(), opener);
        }
    }

    private void open(Key key, Entry entry, BackupRepository repository, BackupManifest backup, int index,
            SnapshotReadOptions options) {
        try {
            entry.opened.complete(OpenCheckpoint.open(repository, backup, index, options));
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                entries.remove(key, entry);
            }
            entry.opened.completeExceptionally(e);
        }
    }

    private void release(Key key, Entry entry) throws IOException {
        synchronized (this) {
            if (--entry.leases > 0) {
                return;
            }
            entries.remove(key, entry);
        }
        entry.opened.join().close();
    }

    /** The opener's own failure as it was; for readers that waited, a copy naming it, thrown in their thread. */
    private static IOException rethrown(Throwable failure, boolean opener) {
        if (opener && failure instanceof IOException io) {
            return io;
        }
        if (opener && failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        String message = failure.getMessage() + " (staging the partition for another reader of this JVM)";
        if (failure instanceof CorruptBackupException) {
            return new CorruptBackupException(message, failure);
        }
        if (failure instanceof IOException) {
            return new IOException(message, failure);
        }
        throw new UncheckedIOException(new IOException(message, failure));
    }
}
