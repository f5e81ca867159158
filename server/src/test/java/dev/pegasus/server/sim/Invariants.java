package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Safety properties checked while the simulation runs: committed decrees never diverge between
 * replicas, no two replicas are primary of one partition under one ballot, a primary never commits
 * past what a secondary it counts holds, and every replica's copy of a split child is the same.
 */
final class Invariants {
    private record BallotKey(Gpid gpid, long ballot) {}

    private record DecreeKey(Gpid gpid, long decree) {}

    private final Map<Gpid, Map<Long, Command>> committed = new HashMap<>();
    private final Map<BallotKey, RpcAddress> primaries = new HashMap<>();
    /** Every store of a split child at one decree holds the same records: a copy made there, or kept since. */
    private final Map<DecreeKey, Map<String, String>> childCopies = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    /** Ballots already reported for a gap, so one gap is one violation, not one per event. */
    private final Set<BallotKey> reportedGaps = new HashSet<>();
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

    /**
     * A primary commits only what each secondary it counts holds without a gap, so that any of them can
     * take over with every committed mutation. Checked after every event, for each replica acting as
     * primary at the ballot of its partition's stored configuration, against the members of that
     * configuration that are up and still hold their role there (a member whose server restarted since
     * it joined has lost it: the meta server replaces it and never makes it primary).
     */
    void committedIsHeld(Map<Gpid, PartitionConfig> stored, BiPredicate<Gpid, RpcAddress> holdsRole,
            Map<RpcAddress, Map<Gpid, PartitionReplica.Report>> reports) {
        reports.forEach((node, replicas) -> replicas.forEach((gpid, report) -> {
            PartitionConfig config = stored.get(gpid);
            if (report.status() != Role.Status.PRIMARY || config == null || config.ballot() != report.ballot()
                    || !config.isPrimary(node)) {
                return;
            }
            for (RpcAddress secondary : config.secondaries()) {
                PartitionReplica.Report held = reports.getOrDefault(secondary, Map.of()).get(gpid);
                if (held != null && held.held() < report.committed() && holdsRole.test(gpid, secondary)
                        && reportedGaps.add(new BallotKey(gpid, report.ballot()))) {
                    violations.add("primary " + node + " of " + gpid + " at ballot " + report.ballot() + " committed "
                            + report.committed() + " but its secondary " + secondary + " holds only up to "
                            + held.held() + " (" + held + ")");
                }
            }
        }));
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
