package dev.pegasus.server.replica.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a file log. It takes everything queued since its last pass (up to
 * {@link #BATCH_BYTES}), encodes it into one buffer, writes it with one call (more only when the batch
 * crosses into a new segment), syncs once if any append in the batch asked for durability, and then
 * completes the batch's futures in append order. Appends that arrive while it writes or syncs form the
 * next batch: that is the group commit, with no timer and no added latency when the log is idle.
 *
 * <p>Futures complete on this thread, so their dependent actions must be quick and must not wait for
 * another append.
 *
 * <p>Once the active segment is an eighth full, a {@link SpareSegment} is filled in the background;
 * the writer rolls onto it when the active segment is full, or at once when the active segment was
 * not preallocated itself, so a busy log syncs overwrites, not appends. A lightly used log never
 * writes a spare.
 *
 * <p>A segment is synced before the next one is started, and a preallocated one is cut to its records
 * first, so after a power loss what survives is a prefix of the log and only the last segment can have
 * a torn tail (or a zero tail, which replay reads as its end). On a clean close the last segment
 * is synced too. After an I/O error the writer fails the batch and every later append with it: once a
 * write or fsync has failed, the kernel may have dropped the dirty pages, and a retried fsync could
 * report durability that does not exist.
 */
final class LogWriter implements Runnable {
    static final int BATCH_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final LogDirectory directory;
    private final SegmentSet segments;
    private final AppendQueue queue;
    private final SegmentSync sync;
    private final SpareSegment spare;
    private final long segmentBytes;
    private final AtomicLong syncs = new AtomicLong();
    /** The records encoded in {@link #buffer} and not yet written. */
    private final List<LogRecord> buffered = new ArrayList<>();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BATCH_BYTES);
    private Segment active;
    private FileChannel channel;
    /** Bytes written to the active segment. */
    private long written;
    /** Whether bytes were written to the active segment since its last sync. */
    private boolean unsynced;
    /** Whether the active segment's file was a spare: zeros past {@link #written}, to be cut off at roll. */
    private boolean preallocated;
    /** Written by the writer thread, read by {@link #failure()} from others. */
    private volatile IOException failure;

    LogWriter(LogDirectory directory, SegmentSet segments, AppendQueue queue, SegmentSync sync, SpareSegment spare,
            long segmentBytes) throws IOException {
        this.directory = directory;
        this.segments = segments;
        this.queue = queue;
        this.sync = sync;
        this.spare = spare;
        this.segmentBytes = segmentBytes;
        this.active = segments.active();
        this.written = active.bytes();
        this.channel = directory.openForAppend(active.firstOffset(), written);
        this.preallocated = spare.isPreallocated(channel.size());
    }

    /** How many times a segment was synced. */
    long syncCount() {
        return syncs.get();
    }

    @Override
    public void run() {
        List<PendingAppend> batch = new ArrayList<>();
        try {
            while (queue.drainTo(batch, BATCH_BYTES)) {
                process(batch);
                batch.clear();
            }
            finish();
        } catch (RuntimeException | Error e) {
            LOG.error("mutation log writer for {} stopped", directory.path(), e);
            batch.addAll(queue.closeAndTakeAll());
            fail(batch, e);
            closeChannel();
            throw e;
        }
    }

    private void process(List<PendingAppend> batch) {
        if (failure != null) {
            fail(batch, failure);
            return;
        }
        try {
            writeAndSync(batch);
        } catch (IOException e) {
            LOG.error("mutation log {} failed; every later append fails too", directory.path(), e);
            failure = e;
            fail(batch, e);
            return;
        }
        for (PendingAppend append : batch) {
            append.done().complete(null);
        }
        moveTowardsPreallocatedSegments();
        if (buffer.capacity() > BATCH_BYTES) {
            buffer = ByteBuffer.allocateDirect(BATCH_BYTES);
        }
    }

    private void writeAndSync(List<PendingAppend> batch) throws IOException {
        boolean durable = false;
        for (PendingAppend append : batch) {
            if (Segment.overflows(written + buffer.position(), append.size(), segmentBytes)) {
                writeBuffered();
                roll();
            }
            if (buffer.remaining() < append.size()) {
                writeBuffered();
                if (buffer.capacity() < append.size()) {
                    buffer = ByteBuffer.allocateDirect(append.size());
                }
            }
            RecordFormat.encode(append.record(), buffer);
            buffered.add(append.record());
            durable |= append.durable();
        }
        writeBuffered();
        if (durable) {
            syncActive();
        }
    }

    private void writeBuffered() throws IOException {
        if (buffered.isEmpty()) {
            return;
        }
        segments.noteWrite(active, buffered);
        buffer.flip();
        written += buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        unsynced = true;
        buffer.clear();
        buffered.clear();
    }

    private void moveTowardsPreallocatedSegments() {
        if (written >= segmentBytes / 8) {
            spare.prepare();
        }
        if (!preallocated && written > 0 && spare.isReady()) {
            try {
                roll();
            } catch (IOException e) {
                LOG.error("mutation log {} failed to roll onto a spare segment; every later append fails too",
                        directory.path(), e);
                failure = e;
            }
        }
    }

    private void roll() throws IOException {
        syncActive();
        if (preallocated) {
            channel.truncate(written);
            channel.force(true);
        }
        channel.close();
        Segment next = new Segment(active.endOffset());
        Optional<FileChannel> fromSpare = spare.takeAs(directory.pathOf(next.firstOffset()));
        preallocated = fromSpare.isPresent();
        channel = fromSpare.isPresent() ? fromSpare.get() : directory.openForAppend(next.firstOffset(), 0);
        segments.rolled(next);
        active = next;
        written = 0;
        unsynced = false;
    }

    private void syncActive() throws IOException {
        if (unsynced) {
            sync.sync(channel);
            syncs.incrementAndGet();
            unsynced = false;
        }
    }

    /** Why the writer takes no more appends, once a write or sync failed. */
    Optional<String> failure() {
        IOException failed = failure;
        return failed == null ? Optional.empty() : Optional.of(String.valueOf(failed.getMessage()));
    }

    /** A clean close leaves everything written durable, non-durable appends included. */
    private void finish() {
        if (failure == null) {
            try {
                syncActive();
            } catch (IOException e) {
                LOG.error("mutation log {}: final sync failed", directory.path(), e);
            }
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("mutation log {}: closing the active segment failed", directory.path(), e);
        }
    }

    private static void fail(List<PendingAppend> appends, Throwable cause) {
        RuntimeException error = cause instanceof IOException io
                ? new UncheckedIOException("mutation log write failed", io)
                : new IllegalStateException("mutation log writer stopped", cause);
        for (PendingAppend append : appends) {
            append.done().completeExceptionally(error);
        }
    }
}
