package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.LoggedMutation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety properties checked while the simulation runs: committed decrees never diverge between
 * replicas, no two replicas are primary of one partition under one ballot, and every replica's copy
 * of a split child is the same.
 */
final class Invariants {
    private record BallotKey(Gpid gpid, long ballot) {}

    private record DecreeKey(Gpid gpid, long decree) {}

    private final Map<Gpid, Map<Long, Command>> committed = new HashMap<>();
    private final Map<BallotKey, RpcAddress> primaries = new HashMap<>();
    /** Every store of a split child at one decree holds the same records: a copy made there, or kept since. */
    private final Map<DecreeKey, Map<String, String>> childCopies = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long applies;
    private long checkpointsInstalled;

    void applied(RpcAddress node, Gpid gpid, LoggedMutation mutation) {
        applies++;
        Command first = committed.computeIfAbsent(gpid, g -> new HashMap<>())
                .putIfAbsent(mutation.decree(), mutation.command());
        if (first != null && !first.sameAs(mutation.command())) {
            violations.add("decree " + mutation.decree() + " of " + gpid + " applied at " + node
                    + " differs from what another replica applied");
        }
    }

    void primary(RpcAddress node, Gpid gpid, long ballot) {
        RpcAddress previous = primaries.putIfAbsent(new BallotKey(gpid, ballot), node);
        if (previous != null && !previous.equals(node)) {
            violations.add("two primaries of " + gpid + " at ballot " + ballot + ": " + previous + " and " + node);
        }
    }

    void childCopied(RpcAddress node, Gpid child, long decree, Map<String, String> copy) {
        Map<String, String> first = childCopies.putIfAbsent(new DecreeKey(child, decree), copy);
        if (first != null && !first.equals(copy)) {
            violations.add("the copy of split child " + child + " at " + node + " (decree " + decree + ": " + copy
                    + ") differs from another replica's (" + first + ")");
        }
    }

    void violation(String description) {
        violations.add(description);
    }

    List<String> violations() {
        return violations;
    }

    void checkpointInstalled() {
        checkpointsInstalled++;
    }

    long checkpointsInstalled() {
        return checkpointsInstalled;
    }

    long applies() {
        return applies;
    }
}
