package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.RpcAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The primary's record of which members have durably logged which decrees, for the current ballot
 * only. PacificA commits a decree when EVERY member of the configuration has logged it (not a
 * majority), and commits decrees in order.
 */
final class CommitTracker {
    /** The configuration's members, and learners that caught up and are being made secondaries. */
    private final Set<RpcAddress> members;
    private final Map<Long, Set<RpcAddress>> logged = new HashMap<>();

    CommitTracker(List<RpcAddress> members) {
        this.members = new HashSet<>(members);
    }

    /**
     * Counts a learner that caught up with every committed decree: from now on nothing commits without
     * it, so it misses no committed mutation when it becomes a secondary. It has logged the tracked
     * decrees up to {@code loggedThrough}.
     */
    void include(RpcAddress learner, long loggedThrough) {
        members.add(learner);
        logged.forEach((decree, acks) -> {
            if (decree <= loggedThrough) {
                acks.add(learner);
            }
        });
    }

    void track(long decree) {
        logged.computeIfAbsent(decree, d -> new HashSet<>());
    }

    void logged(RpcAddress member, long decree) {
        Set<RpcAddress> acks = logged.get(decree);
        if (acks != null && members.contains(member)) {
            acks.add(member);
        }
    }

    boolean isTracked(long decree) {
        return logged.containsKey(decree);
    }

    /** The highest decree such that every tracked decree in (committed, it] is logged by all members. */
    long committablePrefix(long committed) {
        long decree = committed;
        while (logged.containsKey(decree + 1) && logged.get(decree + 1).containsAll(members)) {
            decree++;
        }
        return decree;
    }

    /** Members that have not yet logged the decree. */
    Set<RpcAddress> missing(long decree) {
        Set<RpcAddress> missing = new HashSet<>(members);
        missing.removeAll(logged.getOrDefault(decree, Set.of()));
        return missing;
    }

    void forgetUpTo(long decree) {
        logged.keySet().removeIf(d -> d <= decree);
    }
}
