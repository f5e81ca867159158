package dev.pegasus.server.replica.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A replica's mutations by decree: the prepared ones not yet committed, and a window of recently
 * committed ones kept so that a lagging learner can catch up from memory instead of a checkpoint.
 *
 * <p>Invariant: the committed entries held are the decrees (committed - n, committed] for some n no
 * larger than the retention count, whose bytes stay within the retention bytes unless n is 1; uncommitted
 * entries may have gaps (a secondary can receive prepares out of order). The byte bound is what keeps a
 * replica of large values from holding thousands of them.
 */
final class PrepareList {
    private final TreeMap<Long, LoggedMutation> entries = new TreeMap<>();
    private final int retainCommitted;
    private final long retainCommittedBytes;
    private long committed;
    /** Invariant: every decree in (committed, heldThrough] is held, and heldThrough >= committed. */
    private long heldThrough;
    /** Invariant: the key and value bytes of the committed entries held. */
    private long committedBytes;

    PrepareList(long committed, int retainCommitted, long retainCommittedBytes) {
        this.committed = committed;
        this.heldThrough = committed;
        this.retainCommitted = retainCommitted;
        this.retainCommittedBytes = retainCommittedBytes;
    }

    long committedDecree() {
        return committed;
    }

    /** The highest decree held, committed or not. */
    long lastPreparedDecree() {
        return entries.isEmpty() ? committed : Math.max(committed, entries.lastKey());
    }

    Optional<LoggedMutation> get(long decree) {
        return Optional.ofNullable(entries.get(decree));
    }

    /**
     * Adds a prepared mutation. A committed decree never changes; an uncommitted one is replaced only
     * by a mutation of a higher ballot. A takeover marker also drops the entries of lower ballots above
     * it: its primary held none of them (it hands out every decree after the marker itself), so none
     * was committed, and none may ever be — the client of such a write may have been told it was not
     * applied. Returns whether the entry is new or replaced its predecessor.
     */
    boolean prepare(LoggedMutation mutation) {
        if (mutation.decree() <= committed) {
            return false;
        }
        LoggedMutation existing = entries.get(mutation.decree());
        if (existing != null && existing.ballot() >= mutation.ballot()) {
            return false;
        }
        entries.put(mutation.decree(), mutation);
        if (mutation.isTakeoverMarker()) {
            entries.tailMap(mutation.decree(), false).values().removeIf(above -> above.ballot() < mutation.ballot());
            heldThrough = Math.min(heldThrough, mutation.decree() - 1);
        }
        while (entries.containsKey(heldThrough + 1)) {
            heldThrough++;
        }
        return true;
    }

    /** Commits contiguous decrees up to {@code decree}; returns the newly committed mutations in order. */
    List<LoggedMutation> commitUpTo(long decree) {
        List<LoggedMutation> newlyCommitted = new ArrayList<>();
        while (committed < decree && entries.containsKey(committed + 1)) {
            committed++;
            LoggedMutation mutation = entries.get(committed);
            committedBytes += mutation.sizeBytes();
            newlyCommitted.add(mutation);
        }
        heldThrough = Math.max(heldThrough, committed);
        trimCommitted();
        return newlyCommitted;
    }

    /** Drops every uncommitted mutation: a replica adopting a newer ballot gets them again from its primary. */
    void discardUncommitted() {
        entries.tailMap(committed, false).clear();
        heldThrough = committed;
    }

    /** Drops uncommitted mutations from {@code decree} on. */
    void discardFrom(long decree) {
        entries.tailMap(Math.max(decree, committed + 1), true).clear();
        heldThrough = Math.min(heldThrough, Math.max(decree - 1, committed));
    }

    /** The end of the run of decrees held without a gap after the committed ones. */
    long heldThrough() {
        return heldThrough;
    }

    /** Whether every decree after the committed one and before {@code decree} is held. */
    boolean holdsEverythingBefore(long decree) {
        return heldThrough >= decree - 1;
    }

    List<LoggedMutation> uncommitted() {
        return List.copyOf(entries.tailMap(committed, false).values());
    }

    /**
     * The mutations in (after, upTo] if all are held, for a learner; empty when some were already
     * trimmed (the learner needs a checkpoint) or are missing.
     */
    Optional<List<LoggedMutation>> range(long after, long upTo) {
        if (upTo <= after) {
            return Optional.of(List.of());
        }
        Map<Long, LoggedMutation> range = entries.subMap(after, false, upTo, true);
        if (range.size() != upTo - after) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(range.values()));
    }

    /**
     * After the store was replaced by a checkpoint at {@code decree}: everything up to it is committed
     * and applied, and anything after it must be applied again, even if it was committed before.
     */
    void resetTo(long decree) {
        entries.headMap(decree, true).clear();
        committed = decree;
        committedBytes = 0;
        heldThrough = decree;
        while (entries.containsKey(heldThrough + 1)) {
            heldThrough++;
        }
    }

    private void trimCommitted() {
        while (!entries.isEmpty() && entries.firstKey() <= committed && (entries.firstKey() <= committed - retainCommitted
                || (committedBytes > retainCommittedBytes && entries.firstKey() < committed))) {
            committedBytes -= entries.pollFirstEntry().getValue().sizeBytes();
        }
    }
}
