package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.core.LoggedMutation;
import java.util.ArrayList;
import java.util.List;

/**
 * In-memory twin of a replica server's shared log: appends become durable together at the next
 * group commit; a crash loses what was not yet durable.
 */
final class SimLog {
    record Entry(Gpid gpid, LoggedMutation mutation) {}

    private final List<Entry> durable = new ArrayList<>();
    private final List<Entry> pending = new ArrayList<>();

    void append(Gpid gpid, LoggedMutation mutation) {
        pending.add(new Entry(gpid, mutation));
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Makes every pending append durable; returns them in order. */
    List<Entry> groupCommit() {
        List<Entry> committed = List.copyOf(pending);
        durable.addAll(pending);
        pending.clear();
        return committed;
    }

    void crash() {
        pending.clear();
    }

    List<Entry> durableEntries() {
        return List.copyOf(durable);
    }
}
