package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The replica server's shared append-only log. Thread-safe. Appends are ordered: a record appended
 * after another is replayed after it. Durability: append(record, true) completes only once the record
 * is fsynced; many appends from many partitions arriving together share one fsync (group commit).
 * append(record, false) completes once the record is written to the OS (survives a process crash, not a power loss).
 *
 * <p>PacificA relies on this as "logged before acknowledged": a primary commits a mutation only after
 * its own append completed, a secondary acknowledges a prepare only after its append completed.
 * Durability is a prefix property: when an append completes durably, so has everything appended before
 * it. Futures complete in append order.
 *
 * <p>Life cycle: {@link #replay} once, then {@link #append}, {@link #collectGarbage} and {@link #readFrom}
 * any number of times, then {@link #close}. Appending, collecting or reading back before replay throws
 * {@link IllegalStateException}; an append after close returns a future failed with
 * {@link LogClosedException}.
 */
public interface MutationLog extends AutoCloseable {
    /**
     * Appends a record.
     *
     * @throws IllegalArgumentException if the payload is larger than the format allows (64 MiB)
     * @throws IllegalStateException    if the log has not been replayed yet
     */
    CompletableFuture<Void> append(LogRecord record, boolean durable);

    /**
     * Replays every intact record in append order (call once, before the first append). A torn or
     * corrupt tail (crash mid-write) is detected by length + CRC32C, cut off (file truncated), reported
     * in the {@link ReplayReport} and logged at WARN; it is never passed to the visitor.
     *
     * @throws LogCorruptedException if the log is damaged in the middle (an intact record follows a bad
     *                               one): that is lost data, not a crash, and is never silently dropped
     */
    ReplayReport replay(Consumer<LogRecord> visitor);

    /**
     * Deletes whole segments none of whose records is still needed: a segment may go when, for every
     * gpid with records in it, the segment's highest decree of that gpid is {@code <=
     * durableDecrees.get(gpid)} (the decree up to which that replica's data is durable in its store), or
     * the gpid is absent from the map AND listed in {@code forgotten} (replica deleted). A gpid that is
     * in neither keeps its segments: an unknown replica may still need them. Never deletes the segment
     * being written.
     *
     * @return how many segments were deleted
     */
    int collectGarbage(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten);

    /**
     * Reads back the intact records of {@code gpid} with a decree at or above {@code fromDecree}, in
     * append order, from the log as it is when the call begins (records appended meanwhile are left for
     * the next call). Segments whose index shows no such record are not read. Appends and garbage
     * collection go on while it reads; a record still being written is never returned, and a segment
     * collected under the read is skipped and counted in {@link LogReadBack#vanishedSegments}.
     *
     * <p>The read stops before the record that would take the payload read past {@code maxPayloadBytes}
     * ({@link LogReadBack#truncated}); the first record comes back even if larger, so that a read always
     * makes progress. Records written but not yet durable are returned too.
     *
     * <p>Garbage collection deletes a record only at or below the durable decree it was given for the
     * gpid, but not necessarily oldest first: below that point a decree may be missing, or only an older
     * ballot's copy of it left. A caller that needs those records must hold garbage collection back by
     * giving it a lower durable decree for the gpid.
     *
     * @throws IllegalArgumentException if {@code maxPayloadBytes} is not positive
     * @throws IllegalStateException    if the log has not been replayed yet, or is closed
     * @throws LogCorruptedException    if a segment no longer written holds a bad record (a failing disk)
     */
    LogReadBack readFrom(Gpid gpid, long fromDecree, long maxPayloadBytes);

    /**
     * Why the log takes no more appends, once a write or sync of it failed: every later append fails
     * too, since a failed fsync may have dropped data the page cache held. Empty while it works.
     */
    default Optional<String> failure() {
        return Optional.empty();
    }

    /** Bytes the log occupies: every segment, including records written but not yet durable. */
    long sizeBytes();

    /**
     * Stops accepting appends and settles every append accepted so far: each future completes (the
     * record was written, and synced) or fails; none is left hanging. Idempotent.
     */
    @Override
    void close();
}
