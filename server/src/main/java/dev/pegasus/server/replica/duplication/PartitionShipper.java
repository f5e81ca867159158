package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.AppliedDuplicates;
import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.duplication_report;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.log.CommittedRecords;
import dev.pegasus.server.replica.log.LogReadBack;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.WriteOp;
import dev.pegasus.server.wire.MutationCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One primary's shipping of one duplication: reads the committed mutations after the confirmed decree
 * back from the log, ships them as one batch (bounded in bytes), and once the remote has applied them
 * moves the confirmed decree past them. One batch is in flight at a time, so the remote applies a
 * partition's writes in commit order; a failed batch is shipped again at the next step, which the
 * remote's timetag check makes harmless. Stepped by the shipping thread; the sender's answer comes on
 * a client thread and reports are read by the sync thread, so its state is guarded by this (never
 * held while waiting on the remote).
 */
final class PartitionShipper {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionShipper.class);

    /** Ships a batch; the future completes once the remote applied it. */
    interface Sender {
        CompletableFuture<AppliedDuplicates> send(List<DuplicatedWrite> writes, long shippedAtMicros);
    }

    /** The replica's stored records, shipped whole when its log lacks decrees the remote still needs. */
    interface StateSource {
        /** The decree up to which the store holds every write. */
        long appliedDecree();

        PartitionStore.StoredStretch read(byte[] fromKey, long maxBytes);

        static StateSource of(Supplier<PartitionStore> store) {
            return new StateSource() {
                @Override
                public long appliedDecree() {
                    return store.get().lastAppliedDecree();
                }

                @Override
                public PartitionStore.StoredStretch read(byte[] fromKey, long maxBytes) {
                    return store.get().readStoredFrom(fromKey, maxBytes);
                }
            };
        }
    }

    static final long MAX_TAIL_BYTES = 4L << 20;
    /** A single record may be this large (the log's limit): a read that must reach past one grows to it. */
    private static final long MAX_READ_BYTES = 64L << 20;

    private final Gpid gpid;
    private final int dupid;
    private final long maxBatchBytes;
    /** Below it the log holds no record of this replica's own: what is there is an earlier replica's. */
    private final long historyStart;
    private final StateSource state;
    /** While the partition's records are shipped in place of decrees the log lacks: the key to go on from. */
    private byte[] stateFrom;
    /** The decree those records cover: shipping goes on after it. */
    private long stateDecree;
    private long confirmed;
    private long committedSeen;
    private long skipped;
    private long repeated;
    /** The newest timetag shipped, which a delete logged without one is given just after. */
    private long lastTimetag;
    private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
    /** When each committed decree was first seen, for the lag: pruned up to the confirmed decree. */
    private final TreeMap<Long, Long> firstSeenMillis = new TreeMap<>();
    /**
     * Committed mutations the replica applied since this shipper began, in decree order, up to
     * {@link #MAX_TAIL_BYTES} (the oldest go first): shipped from memory while they follow the confirmed
     * decree, so that keeping up costs no log reading. Filled by the replica's worker without this lock.
     */
    private final ConcurrentLinkedDeque<LoggedMutation> tail = new ConcurrentLinkedDeque<>();
    private final AtomicLong tailBytes = new AtomicLong();
    private String lastProblem = "";

    /**
     * @param confirmed    the decree up to which the remote holds this partition's writes, or where a new
     *                     duplication starts (not reported before the replica has committed up to it)
     * @param historyStart the first decree of the replica's own records in the log
     */
    PartitionShipper(Gpid gpid, int dupid, long confirmed, long historyStart, long maxBatchBytes, StateSource state) {
        this.gpid = gpid;
        this.state = state;
        this.dupid = dupid;
        this.confirmed = confirmed;
        this.historyStart = historyStart;
        this.maxBatchBytes = maxBatchBytes;
    }

    synchronized long confirmed() {
        return confirmed;
    }

    /** Whether the replica has committed up to where it starts, so its report tells where shipping began. */
    synchronized boolean started() {
        return committedSeen >= confirmed;
    }

    /**
     * Ships the next batch if none is in flight and something committed is unshipped.
     *
     * @param committed     the replica's committed decree, read before the log is, so every decree up
     *                      to it is in the log already
     * @param ownClusterId  this cluster's id: writes of other clusters (applied here from their
     *                      duplications) are not shipped on
     * @param skipGaps      whether decrees no longer in the log are skipped (counted) rather than waited on
     */
    synchronized void step(MutationLog log, long committed, long nowMillis, int ownClusterId, boolean skipGaps,
            Sender sender) {
        observeCommitted(committed, nowMillis);
        if (!inFlight.isDone() || committed <= confirmed) {
            return;
        }
        if (stateFrom != null) {
            shipState(nowMillis, ownClusterId, sender);
            return;
        }
        if (historyStart > confirmed + 1) {
            onGap(historyStart, skipGaps);
            return;
        }
        List<LoggedMutation> mutations = fromTail(committed);
        if (mutations.isEmpty()) {
            mutations = readCommitted(log, committed, skipGaps).stream()
                    .map(record -> MutationCodec.fromPayload(record.payload())).toList();
        }
        if (mutations.isEmpty()) {
            return;
        }
        long first = confirmed + 1;
        long last = mutations.get(mutations.size() - 1).decree();
        ShippedWrites.Batch batch = ShippedWrites.of(mutations, ownClusterId, lastTimetag,
                ValueSchema.timetag(nowMillis * 1000, ownClusterId, true));
        if (batch.writes().isEmpty()) {
            advanceTo(last, batch.newestTimetag());
            return;
        }
        inFlight = sender.send(batch.writes(), nowMillis * 1000).whenComplete((applied, failure) -> {
            if (failure == null) {
                countRepeated(applied.repeated());
                advanceTo(last, batch.newestTimetag());
            } else {
                problem("shipping decrees " + first + ".." + last + " failed: " + failure.getMessage()
                        + "; shipping them again");
            }
        });
    }

    /**
     * Notes the replica's committed decree while the duplication does not ship yet (its checkpoint is
     * being copied), so the report tells where shipping will begin.
     */
    synchronized void observe(long committed, long nowMillis) {
        observeCommitted(committed, nowMillis);
    }

    /**
     * The remote holds this partition's writes up to {@code decree} by other means (a copy of a
     * checkpoint at that decree): shipping goes on after it. Ignored while a batch is in flight, whose
     * completion would move the confirmed decree too; the caller offers it again.
     */
    synchronized void confirmedElsewhere(long decree) {
        if (inFlight.isDone() && decree > confirmed) {
            advanceTo(decree, lastTimetag);
        }
    }

    /** The replica applied {@code mutation} (so it is committed); called by its worker, in decree order. */
    void onApplied(LoggedMutation mutation) {
        tail.addLast(mutation);
        tailBytes.addAndGet(mutation.sizeBytes());
        while (tailBytes.get() > MAX_TAIL_BYTES) {
            LoggedMutation oldest = tail.pollFirst();
            if (oldest == null) {
                break;
            }
            tailBytes.addAndGet(-oldest.sizeBytes());
        }
    }

    /** The applied mutations right after the confirmed decree, up to the batch size; empty if memory lacks the next one. */
    private List<LoggedMutation> fromTail(long committed) {
        for (LoggedMutation head = tail.peekFirst(); head != null && head.decree() <= confirmed; head = tail.peekFirst()) {
            // The worker may evict the head meanwhile: whatever is polled is accounted for, and a mutation
            // polled by mistake is read from the log instead.
            LoggedMutation polled = tail.pollFirst();
            if (polled != null) {
                tailBytes.addAndGet(-polled.sizeBytes());
            }
        }
        List<LoggedMutation> batch = new ArrayList<>();
        long bytes = 0;
        long expected = confirmed + 1;
        for (LoggedMutation mutation : tail) {
            if (mutation.decree() != expected || mutation.decree() > committed
                    || (!batch.isEmpty() && bytes + mutation.sizeBytes() > maxBatchBytes)) {
                break;
            }
            batch.add(mutation);
            bytes += mutation.sizeBytes();
            expected++;
        }
        return batch;
    }

    /**
     * The committed records after the confirmed decree, up to the batch size. A read cut short by the
     * size may leave out a newer copy of a decree; it vouches only for decrees up to the committed point
     * its records carry, which can be below the first decree wanted (a single large record): then it is
     * read again with room for more.
     */
    private List<LogRecord> readCommitted(MutationLog log, long committed, boolean skipGaps) {
        long from = confirmed + 1;
        for (long budget = maxBatchBytes; ; budget = Math.min(budget * 4, MAX_READ_BYTES)) {
            LogReadBack read = log.readFrom(gpid, from, budget);
            long bound = read.committedBound(committed);
            if (bound < from && read.truncated() && budget < MAX_READ_BYTES) {
                continue;
            }
            List<LogRecord> records = CommittedRecords.pick(read.records(), from, bound);
            if (records.isEmpty()) {
                // Nothing of this replica's from the decree wanted on, though it has committed past it.
                onGap(read.lowestDecree().orElse(committed + 1), skipGaps);
            }
            return records;
        }
    }

    /**
     * The log holds this replica's records from {@code lowest} on: anything missing below it is a gap
     * (the replica joined from a checkpoint, or the log was cut at its bound). Under SKIP the missing
     * decrees are skipped and counted. Otherwise the partition's stored records go instead, each with
     * its timetag (tombstones too): the remote keeps what is newer, so it ends up holding every write up
     * to the store's applied decree, and shipping goes on from the log after it.
     */
    private void onGap(long lowest, boolean skipGaps) {
        if (lowest <= confirmed + 1) {
            return;
        }
        if (skipGaps) {
            skipped += lowest - (confirmed + 1);
            problem("decrees " + (confirmed + 1) + ".." + (lowest - 1) + " are not in this replica's log; skipped");
            advanceTo(lowest - 1, lastTimetag);
            return;
        }
        stateFrom = new byte[0];
        stateDecree = state.appliedDecree();
        problem("decrees " + (confirmed + 1) + ".." + (lowest - 1) + " are not in this replica's log: shipping the"
                + " partition's records instead, which hold every write up to decree " + stateDecree
                + ", then the log after it");
    }

    /** Ships the next stretch of the partition's records (this cluster's own writes among them). */
    private void shipState(long nowMillis, int ownClusterId, Sender sender) {
        PartitionStore.StoredStretch stretch = state.read(stateFrom, maxBatchBytes);
        List<DuplicatedWrite> writes = new ArrayList<>();
        for (WriteOp record : stretch.records()) {
            long timetag = ValueSchema.timetag(record.storedValue());
            if (ValueSchema.clusterIdOf(timetag) == ownClusterId) {
                writes.add(new DuplicatedWrite(record.key(), record.storedValue(), timetag));
            }
        }
        Optional<byte[]> next = stretch.nextKey();
        long newest = writes.stream().mapToLong(DuplicatedWrite::timetag).max().orElse(0);
        if (writes.isEmpty()) {
            stateShipped(next, newest);
            return;
        }
        inFlight = sender.send(writes, nowMillis * 1000).whenComplete((applied, failure) -> {
            if (failure == null) {
                countRepeated(applied.repeated());
                stateShipped(next, newest);
            } else {
                problem("shipping the partition's records failed: " + failure.getMessage() + "; shipping them again");
            }
        });
    }

    private synchronized void stateShipped(Optional<byte[]> next, long newestTimetag) {
        lastTimetag = Math.max(lastTimetag, newestTimetag);
        if (next.isPresent()) {
            stateFrom = next.get();
            return;
        }
        stateFrom = null;
        LOG.info("duplication {} of {}: the partition's records are shipped; shipping the log after decree {}", dupid,
                gpid, stateDecree);
        advanceTo(stateDecree, lastTimetag);
    }

    private synchronized void advanceTo(long decree, long newestTimetag) {
        confirmed = Math.max(confirmed, decree);
        lastTimetag = Math.max(lastTimetag, newestTimetag);
        firstSeenMillis.headMap(confirmed, true).clear();
        lastProblem = "";
    }

    private synchronized void countRepeated(long writes) {
        repeated += writes;
    }

    private synchronized void problem(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn("duplication {} of {}: {}", dupid, gpid, problem);
            lastProblem = problem;
        }
    }

    /** The replica committed up to {@code committed}: its lag counts from the first time a decree was seen. */
    private void observeCommitted(long committed, long nowMillis) {
        committedSeen = Math.max(committedSeen, committed);
        if (committed > confirmed) {
            firstSeenMillis.putIfAbsent(committed, nowMillis);
        }
    }

    /** Progress for the meta server, with the replica's committed decree now (shipping or paused). */
    synchronized duplication_report report(long committed, long nowMillis) {
        observeCommitted(committed, nowMillis);
        Map.Entry<Long, Long> oldest = firstSeenMillis.higherEntry(confirmed);
        long lagMillis = oldest == null || committedSeen <= confirmed ? 0 : nowMillis - oldest.getValue();
        return new duplication_report(gpid.pack(), dupid, confirmed, committedSeen, lagMillis, skipped)
                .setRepeated(repeated);
    }
}
