package dev.pegasus.server.sim;

import java.util.List;
import java.util.Optional;

/**
 * The meta servers and their leader election, as ZooKeeper runs it: one leader at a time, holding a
 * latch node that lives as long as its session. A leader that crashes keeps its node until the
 * session times out; only then does the first meta server that is up, after it in order, take over.
 */
final class SimMetaGroup {
    static final long SESSION_TIMEOUT_MILLIS = 600;
    private static final long ELECTION_CHECK_MILLIS = 50;

    private final Simulation sim;
    private final List<SimMeta> metas;
    /** The member whose latch node exists: the leader, or a crashed one whose session has not expired. */
    private Optional<SimMeta> holder = Optional.empty();
    private int lastLeader = -1;
    private long leaderChanges;

    SimMetaGroup(Simulation sim, List<SimMeta> metas) {
        this.sim = sim;
        this.metas = List.copyOf(metas);
    }

    void start() {
        metas.forEach(SimMeta::start);
        electEvery();
    }

    private void electEvery() {
        elect();
        sim.schedule(ELECTION_CHECK_MILLIS, this::electEvery);
    }

    private void elect() {
        if (holder.isPresent()) {
            return;
        }
        for (int i = 1; i <= metas.size(); i++) {
            int candidate = (lastLeader + i + metas.size()) % metas.size();
            if (metas.get(candidate).isUp()) {
                if (lastLeader >= 0 && candidate != lastLeader) {
                    leaderChanges++;
                }
                lastLeader = candidate;
                SimMeta leader = metas.get(candidate);
                holder = Optional.of(leader);
                leader.lead();
                return;
            }
        }
    }

    Optional<SimMeta> leader() {
        return holder.filter(SimMeta::leads);
    }

    List<SimMeta> members() {
        return metas;
    }

    long leaderChanges() {
        return leaderChanges;
    }

    /** kill -9 of one meta server; if it led, its latch node goes when its session times out. */
    void crash(SimMeta meta) {
        if (!meta.isUp()) {
            return;
        }
        // Only a leader's own session holds its latch node: a crashed leader restarted and crashed again
        // before that session expired has a new session, which holds nothing.
        boolean leads = leader().filter(meta::equals).isPresent();
        meta.crash();
        if (leads) {
            sim.schedule(SESSION_TIMEOUT_MILLIS, () -> {
                meta.sessionExpired();
                holder = Optional.empty();
                elect();
            });
        }
    }

    void restart(SimMeta meta) {
        if (!meta.isUp()) {
            meta.start();
        }
    }
}
