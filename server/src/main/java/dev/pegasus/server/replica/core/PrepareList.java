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
 * <p>Invariant: every decree in (committed - retained, committed] is present; uncommitted entries may
 * have gaps (a secondary can receive prepares out of order).
 */
final class PrepareList {
    private final TreeMap<Long, LoggedMutation> entries = new TreeMap<>();
    private final int retainCommitted;
    private long committed;

    PrepareList(long committed, int retainCommitted) {
        this.committed = committed;
        this.retainCommitted = retainCommitted;
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
     * by a mutation of a higher ballot. Returns whether the entry is new or replaced its predecessor.
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
        return true;
    }

    /** Commits contiguous decrees up to {@code decree}; returns the newly committed mutations in order. */
    List<LoggedMutation> commitUpTo(long decree) {
        List<LoggedMutation> newlyCommitted = new ArrayList<>();
        while (committed < decree && entries.containsKey(committed + 1)) {
            committed++;
            newlyCommitted.add(entries.get(committed));
        }
        trimCommitted();
        return newlyCommitted;
    }

    /** Drops every uncommitted mutation: a replica adopting a newer ballot gets them again from its primary. */
    void discardUncommitted() {
        entries.tailMap(committed, false).clear();
    }

    /** Drops uncommitted mutations from {@code decree} on. */
    void discardFrom(long decree) {
        entries.tailMap(Math.max(decree, committed + 1), true).clear();
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
    }

    private void trimCommitted() {
        long keepFrom = committed - retainCommitted;
        if (!entries.isEmpty() && entries.firstKey() <= keepFrom) {
            entries.headMap(keepFrom, true).clear();
        }
    }
}
