package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The in-memory twin of {@link FileMutationLog} for the deterministic simulation: no threads, no clock.
 * append() records the record as "written"; durable appends stay pending until the simulation calls
 * {@link #flush()} (which makes everything written durable and completes futures, in append order, on
 * the caller's thread). {@link #crash()} drops everything not yet durable (and fails pending futures)
 * — simulating a process kill / power loss; replay() then yields only durable records. Deterministic.
 *
 * <p>Segments roll at the same encoded sizes as the file log's, and garbage collection applies the same
 * {@link Segment} rules, so tests of a replica's log handling carry over between the two.
 *
 * <p>Life cycle: replay, appends, close, as for any {@link MutationLog}; {@code crash()} at any point
 * returns the log to its just-opened state (it must be replayed again), which is also how the
 * simulation restarts a node after a clean close. A non-durable append completes at once (unless it
 * must wait behind a durable one, as futures complete in append order) but, like an unsynced file
 * write after a power loss, does not survive a crash unless flushed first.
 */
public final class InMemoryMutationLog implements MutationLog {
    private enum State { NEEDS_REPLAY, OPEN, CLOSED }

    private record Entry(long sequence, LogRecord record) {}

    /** One segment's records, and its index as garbage collection sees it. */
    private static final class StoredSegment {
        final List<Entry> entries = new ArrayList<>();
        Segment index;

        StoredSegment(long firstOffset) {
            this.index = new Segment(firstOffset);
        }

        void add(Entry entry) {
            entries.add(entry);
            index.note(entry.record());
        }

        /** Forgets entries after {@code sequence} and re-indexes what remains. */
        void keepUpTo(long sequence) {
            entries.removeIf(entry -> entry.sequence() > sequence);
            index = new Segment(index.firstOffset());
            entries.forEach(entry -> index.note(entry.record()));
        }
    }

    private final long segmentBytes;
    /** Invariant: oldest first; once replayed, never empty and the last one is being written. */
    private final List<StoredSegment> segments = new ArrayList<>();
    /**
     * Futures not yet completed, in append order: durable appends awaiting a flush, and non-durable ones
     * appended behind them (futures complete in append order).
     */
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private long lastWritten;
    /** Invariant: {@code lastDurable <= lastWritten}; records numbered up to it survive a crash. */
    private long lastDurable;
    private State state = State.NEEDS_REPLAY;

    public InMemoryMutationLog() {
        this(FileMutationLog.DEFAULT_SEGMENT_BYTES);
    }

    public InMemoryMutationLog(long segmentBytes) {
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segment size must be positive, got " + segmentBytes);
        }
        this.segmentBytes = segmentBytes;
    }

    @Override
    public synchronized CompletableFuture<Void> append(LogRecord record, boolean durable) {
        int size = RecordFormat.checkedSize(record);
        if (state == State.NEEDS_REPLAY) {
            throw new IllegalStateException("replay the log before appending to it");
        }
        if (state == State.CLOSED) {
            return CompletableFuture.failedFuture(new LogClosedException("in-memory mutation log is closed"));
        }
        StoredSegment active = segments.get(segments.size() - 1);
        if (Segment.overflows(active.index.bytes(), size, segmentBytes)) {
            active = new StoredSegment(active.index.endOffset());
            segments.add(active);
        }
        active.add(new Entry(++lastWritten, record));
        if (!durable && waiting.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        return done;
    }

    @Override
    public synchronized ReplayReport replay(Consumer<LogRecord> visitor) {
        if (state != State.NEEDS_REPLAY) {
            throw new IllegalStateException("replay runs once, before the first append; the log is " + state);
        }
        long records = 0;
        long bytes = 0;
        for (StoredSegment segment : segments) {
            for (Entry entry : segment.entries) {
                visitor.accept(entry.record());
                records++;
                bytes += RecordFormat.encodedSize(entry.record());
            }
        }
        if (segments.isEmpty()) {
            segments.add(new StoredSegment(0));
        }
        state = State.OPEN;
        return new ReplayReport(records, bytes, Optional.empty());
    }

    @Override
    public synchronized int collectGarbage(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten) {
        if (state != State.OPEN) {
            throw new IllegalStateException("garbage collection needs a replayed, open log; the log is " + state);
        }
        StoredSegment active = segments.get(segments.size() - 1);
        int before = segments.size();
        segments.removeIf(segment -> segment != active && segment.index.obsolete(durableDecrees, forgotten));
        return before - segments.size();
    }

    /** Reads what an append has written, as the file log does; after a crash, only what survived it. */
    @Override
    public synchronized LogReadBack readFrom(Gpid gpid, long fromDecree, long maxPayloadBytes) {
        ReadBackCollector collector = new ReadBackCollector(gpid, fromDecree, maxPayloadBytes);
        if (state != State.OPEN) {
            throw new IllegalStateException("read-back needs a replayed, open log; the log is " + state);
        }
        for (StoredSegment segment : segments) {
            collector.nextSegment(segment.index.decreesOf(gpid), into -> {
                for (Entry entry : segment.entries) {
                    if (!into.accept(entry.record())) {
                        break;
                    }
                }
                return true;
            });
        }
        return collector.result();
    }

    @Override
    public synchronized long sizeBytes() {
        return segments.stream().mapToLong(segment -> segment.index.bytes()).sum();
    }

    /** Makes everything written durable and completes the waiting futures, in append order. */
    public synchronized void flush() {
        lastDurable = lastWritten;
        List<CompletableFuture<Void>> settled = List.copyOf(waiting);
        waiting.clear();
        settled.forEach(done -> done.complete(null));
    }

    /**
     * Simulates a process kill or power loss: fails the waiting futures, drops every record that was not
     * durable, and leaves the log needing {@link #replay} as if just opened.
     */
    public synchronized void crash() {
        List<CompletableFuture<Void>> lost = List.copyOf(waiting);
        waiting.clear();
        segments.forEach(segment -> segment.keepUpTo(lastDurable));
        lastWritten = lastDurable;
        state = State.NEEDS_REPLAY;
        LogClosedException crashed = new LogClosedException("the log crashed before the record was durable");
        lost.forEach(done -> done.completeExceptionally(crashed));
    }

    /** How many appends wait for {@link #flush()} to complete. */
    public synchronized int pendingCount() {
        return waiting.size();
    }

    /** A clean close: like the file log's, it settles every accepted append by making it durable. */
    @Override
    public synchronized void close() {
        if (state == State.OPEN) {
            flush();
        }
        state = State.CLOSED;
    }
}
