package dev.pegasus.server.replica.log;

import dev.pegasus.server.DaemonThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment file written full of zeros and synced ahead of need, which the writer moves to when it
 * rolls. Syncing records that overwrite blocks already on disk flushes only those blocks; syncing
 * records that grow a file also commits its new size through the file system's journal, where it
 * waits behind the metadata of every other file being written (RocksDB flushes and compactions of
 * every replica of the server). On a busy disk that wait, not the data, is most of an fsync.
 *
 * <p>The spare is filled on a thread of its own, so the writer never waits for it; until one is ready
 * the writer appends as before. It is filled in steps of {@value #ZERO_CHUNK_BYTES} bytes, each synced
 * and followed by a pause as long as the step took: a spare written in one go and synced at the end
 * puts the whole segment in the disk's queue at once, and every log sync issued meanwhile waits
 * behind it (about 50 ms here, against about 20 ms for the slowest sync without a fill; in steps,
 * no slower than without). A zero tail is never mistaken for records: a record starts with a
 * non-zero magic byte, and replay treats an all-zero tail of the last segment as its end.
 *
 * <p>The spare's name does not parse as a segment's, so replay ignores it; a spare left half-filled by a
 * crash is deleted on open.
 */
final class SpareSegment implements AutoCloseable {
    static final String FILE_NAME = "log.spare";
    private static final Logger LOG = LoggerFactory.getLogger(SpareSegment.class);
    /** What one step of filling writes and syncs before it pauses. */
    private static final int ZERO_CHUNK_BYTES = 256 << 10;

    /** GAVE_UP: filling failed once (a full disk, say); segments grow as they are written from then on. */
    private enum State { NONE, FILLING, READY, GAVE_UP }

    private final LogDirectory directory;
    private final Path path;
    private final long segmentBytes;
    private final ExecutorService filler;
    /** Guarded by this. */
    private State state;

    /** @param enabled false for a log that never preallocates (its segments grow as they are written) */
    SpareSegment(LogDirectory directory, long segmentBytes, boolean enabled) {
        this.state = enabled ? State.NONE : State.GAVE_UP;
        this.directory = directory;
        this.path = directory.path().resolve(FILE_NAME);
        this.segmentBytes = segmentBytes;
        this.filler = Executors.newSingleThreadExecutor(
                DaemonThreads.named("log-spare-" + directory.path().getFileName()));
        deleteQuietly();
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("mutation log {}: cannot delete the spare segment: {}", directory.path(), e.toString());
        }
    }

    /** Starts filling a spare unless one is ready or being filled. */
    synchronized void prepare() {
        if (state != State.NONE || filler.isShutdown()) {
            return;
        }
        state = State.FILLING;
        filler.execute(this::fill);
    }

    synchronized boolean isReady() {
        return state == State.READY;
    }

    /**
     * Renames the ready spare to {@code target}, durably, and opens it for writing from its start; empty
     * when no spare is ready (the caller creates a plain segment instead).
     */
    synchronized Optional<FileChannel> takeAs(Path target) throws IOException {
        if (state != State.READY) {
            return Optional.empty();
        }
        state = State.NONE;
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        directory.sync();
        return Optional.of(FileChannel.open(target, StandardOpenOption.WRITE));
    }

    /** Whether a segment file of this size was a spare: it holds the whole segment, zeros included. */
    boolean isPreallocated(long fileBytes) {
        return fileBytes >= segmentBytes;
    }

    private void fill() {
        boolean filled = false;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
            for (long written = 0; written < segmentBytes; ) {
                long stepStart = System.nanoTime();
                zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, segmentBytes - written));
                while (zeros.hasRemaining()) {
                    written += channel.write(zeros);
                }
                channel.force(false);
                TimeUnit.NANOSECONDS.sleep(System.nanoTime() - stepStart);
            }
            channel.force(true);
            directory.sync();
            filled = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // closing
        } catch (IOException e) {
            if (!filler.isShutdown()) {
                LOG.warn("mutation log {}: cannot fill a spare segment; segments grow as they are written: {}",
                        directory.path(), e.toString());
            }
        } finally {
            synchronized (this) {
                state = filled ? State.READY : State.GAVE_UP;
            }
            if (!filled) {
                deleteQuietly();
            }
        }
    }

    @Override
    public void close() {
        filler.shutdownNow();
        try {
            filler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
