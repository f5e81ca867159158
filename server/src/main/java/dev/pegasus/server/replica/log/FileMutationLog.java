package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutation log on local disk: segment files {@code log.<first-offset>} in one directory, rolled at a
 * configurable size (default 64 MiB), each a plain sequence of records in the layout of
 * {@link RecordFormat} (header with magic, length, CRC32C, gpid, ballot, decree, last committed decree;
 * then the payload; big-endian). There is no other file: segment names order the log, and each
 * segment's per-replica index (highest decree per gpid) is rebuilt by replay.
 *
 * <p>A single writer thread ({@link LogWriter}) batches pending appends, writes them with one write
 * call where possible, fsyncs once for all durable ones in the batch, then completes their futures, on
 * that thread. {@link #syncCount()} shows how well appends share fsyncs.
 *
 * <p>After {@link #replay}, new records go on at the end of the last segment (past a cut tail, if any).
 * {@link #readFrom} reads segment files beside the writer, without stopping it ({@link FileReadBack}).
 */
public final class FileMutationLog implements MutationLog {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(FileMutationLog.class);

    private enum State { OPENED, REPLAYED, CLOSED }

    private final LogDirectory directory;
    private final long segmentBytes;
    private final boolean preallocate;
    private final SegmentSync sync;
    private final AppendQueue queue = new AppendQueue();
    private volatile State state = State.OPENED;
    /** Set by replay. */
    private volatile SegmentSet segments;
    /** Set by replay. */
    private volatile LogWriter writer;
    private Thread writerThread;
    /** Set by replay. */
    private SpareSegment spare;

    private FileMutationLog(LogDirectory directory, long segmentBytes, boolean preallocate, SegmentSync sync) {
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segment size must be positive, got " + segmentBytes);
        }
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.preallocate = preallocate;
        this.sync = sync;
    }

    /**
     * Opens (creating if needed) the log in {@code dir} with 64 MiB segments, preallocated once the log
     * is busy ({@link SpareSegment}). Call {@link #replay} next.
     */
    public static FileMutationLog open(Path dir) {
        return open(dir, DEFAULT_SEGMENT_BYTES, true);
    }

    /** Opens (creating if needed) the log in {@code dir}, rolling segments at {@code segmentBytes}. */
    public static FileMutationLog open(Path dir, long segmentBytes, boolean preallocate) {
        return open(dir, segmentBytes, preallocate, SegmentSync.FDATASYNC);
    }

    /** Opens (creating if needed) the log in {@code dir} with segments that grow as they are written. */
    public static FileMutationLog open(Path dir, long segmentBytes) {
        return open(dir, segmentBytes, false);
    }

    static FileMutationLog open(Path dir, long segmentBytes, boolean preallocate, SegmentSync sync) {
        return new FileMutationLog(LogDirectory.open(dir), segmentBytes, preallocate, sync);
    }

    @Override
    public synchronized ReplayReport replay(Consumer<LogRecord> visitor) {
        if (state != State.OPENED) {
            throw new IllegalStateException("replay runs once, before the first append; " + directory.path() + " is " + state);
        }
        LogReplay.Result result = LogReplay.run(directory, visitor);
        List<Segment> found = new ArrayList<>(result.segments());
        if (found.isEmpty()) {
            found.add(new Segment(0));
        }
        SegmentSet replayed = new SegmentSet(found);
        try {
            spare = new SpareSegment(directory, segmentBytes, preallocate);
            writer = new LogWriter(directory, replayed, queue, sync, spare, segmentBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log segment to write in " + directory.path(), e);
        }
        segments = replayed;
        writerThread = new Thread(writer, "mutation-log-writer-" + directory.path().getFileName());
        writerThread.setDaemon(true);
        writerThread.start();
        state = State.REPLAYED;
        ReplayReport report = result.report();
        LOG.info("mutation log {}: replayed {} records ({} bytes) from {} segments", directory.path(),
                report.recordsReplayed(), report.bytesReplayed(), result.segments().size());
        return report;
    }

    @Override
    public CompletableFuture<Void> append(LogRecord record, boolean durable) {
        int size = RecordFormat.checkedSize(record);
        State current = state;
        if (current == State.OPENED) {
            throw new IllegalStateException("replay " + directory.path() + " before appending to it");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (current == State.CLOSED || !queue.offer(new PendingAppend(record, durable, size, done))) {
            done.completeExceptionally(new LogClosedException("mutation log " + directory.path() + " is closed"));
        }
        return done;
    }

    @Override
    public int collectGarbage(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten) {
        if (state != State.REPLAYED) {
            throw new IllegalStateException("garbage collection needs a replayed, open log; " + directory.path()
                    + " is " + state);
        }
        List<Segment> obsolete = segments.removeObsolete(durableDecrees, forgotten);
        for (Segment segment : obsolete) {
            directory.delete(directory.pathOf(segment.firstOffset()));
        }
        if (!obsolete.isEmpty()) {
            LOG.info("mutation log {}: deleted {} obsolete segments", directory.path(), obsolete.size());
        }
        return obsolete.size();
    }

    @Override
    public LogReadBack readFrom(Gpid gpid, long fromDecree, long maxPayloadBytes) {
        ReadBackCollector collector = new ReadBackCollector(gpid, fromDecree, maxPayloadBytes);
        if (state != State.REPLAYED) {
            throw new IllegalStateException("read-back needs a replayed, open log; " + directory.path() + " is " + state);
        }
        return FileReadBack.read(directory, segments.viewsFor(gpid), collector);
    }

    @Override
    public long sizeBytes() {
        SegmentSet known = segments;
        return known == null ? directory.totalBytes() : known.bytes();
    }

    @Override
    public Optional<String> failure() {
        LogWriter current = writer;
        return current == null ? Optional.empty() : current.failure();
    }

    /** How many fsyncs of segment data the log has issued; with group commit, far fewer than appends. */
    public long syncCount() {
        LogWriter current = writer;
        return current == null ? 0 : current.syncCount();
    }

    /** Waits for the writer to settle every accepted append, then fails anything it could not take. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        queue.close();
        if (writerThread != null) {
            joinUninterruptibly(writerThread);
        }
        if (spare != null) {
            spare.close();
        }
        LogClosedException closed = new LogClosedException("mutation log " + directory.path() + " closed");
        queue.closeAndTakeAll().forEach(append -> append.done().completeExceptionally(closed));
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
