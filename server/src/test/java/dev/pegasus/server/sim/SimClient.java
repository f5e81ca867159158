package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.linearizability.History;
import dev.pegasus.server.linearizability.Op;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.sim.SimMessages.ClientOp;
import dev.pegasus.server.sim.SimMessages.ClientReply;
import dev.pegasus.protocol.PartitionHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated client: one operation at a time on a few keys, routed by the key's hash to the primary
 * it last heard of (a split child not registered yet by way of its parent), every operation recorded
 * in the {@link History}. Like the real client it tries again, within a budget, after an attempt failed
 * or got no answer in time: a read whatever happened, a write only while no attempt could have been
 * applied (a repeated write applied twice, around someone else's, would undo that one). A write that
 * may have taken effect without an answer is recorded as of unknown outcome.
 */
final class SimClient {
    private static final long TIMEOUT_MILLIS = 300;
    private static final long RETRY_BUDGET_MILLIS = 1_000;
    private static final long RETRY_DELAY_MILLIS = 20;

    /** @param mayHaveApplied an earlier attempt got no answer, or one saying its outcome is unknown */
    private record Pending(long requestId, long operationId, ClientOp op, long invokedAt, boolean mayHaveApplied) {}

    private final int id;
    private final RpcAddress address;
    private final MetaServers metas;
    private final Simulation sim;
    private final SimNetwork network;
    private final History history;
    private final List<String> keys;
    private final int maxOps;
    private final long stopAt;
    private final Map<Integer, PartitionConfig> routes = new HashMap<>();
    private int partitionCount;
    private final Map<String, String> lastSeen = new HashMap<>();
    private Pending pending;
    private long nextRequestId;
    private int issued;

    SimClient(int id, RpcAddress address, List<RpcAddress> metas, Simulation sim, SimNetwork network, History history,
            int partitionCount, List<String> keys, int maxOps, long stopAt) {
        this.id = id;
        this.address = address;
        this.metas = new MetaServers(metas);
        this.sim = sim;
        this.network = network;
        this.history = history;
        this.partitionCount = partitionCount;
        this.keys = keys;
        this.maxOps = maxOps;
        this.stopAt = stopAt;
        network.attach(address, this::receive);
    }

    void start() {
        refreshAll();
        sim.schedule(sim.between(20, 60), this::next);
    }

    private void next() {
        if (issued >= maxOps || sim.now() >= stopAt) {
            return;
        }
        String key = keys.get(sim.random().nextInt(keys.size()));
        Gpid gpid = route(key);
        PartitionConfig route = routes.get(gpid.partitionIndex());
        if (route == null || route.primary().isEmpty()) {
            refreshAll();
            sim.schedule(20, this::next);
            return;
        }
        ClientOp op = randomOp(key);
        issued++;
        long operationId = history.invoke(id, key, toHistoryOp(op));
        attempt(new Pending(nextRequestId++, operationId, op, sim.now(), false));
    }

    private void attempt(Pending attempt) {
        pending = attempt;
        Gpid gpid = route(attempt.op().key());
        Optional<RpcAddress> primary = Optional.ofNullable(routes.get(gpid.partitionIndex()))
                .flatMap(PartitionConfig::primary);
        if (primary.isEmpty()) {
            failed(SimMessages.FAILED);
            return;
        }
        network.send(address, primary.get(), new SimMessages.ClientRequest(attempt.requestId(), gpid, attempt.op()));
        sim.schedule(TIMEOUT_MILLIS, () -> {
            if (pending != null && pending.requestId() == attempt.requestId()) {
                failed(SimMessages.UNKNOWN);
            }
        });
    }

    /** The attempt failed: try again as the real client would, or record the outcome. */
    private void failed(String outcome) {
        refreshAll();
        boolean mayHaveApplied = pending.mayHaveApplied() || SimMessages.UNKNOWN.equals(outcome);
        boolean repeatable = pending.op() instanceof SimMessages.Read || !mayHaveApplied;
        if (repeatable && sim.now() - pending.invokedAt() < RETRY_BUDGET_MILLIS) {
            Pending again = new Pending(nextRequestId++, pending.operationId(), pending.op(), pending.invokedAt(),
                    mayHaveApplied);
            pending = again;
            sim.schedule(RETRY_DELAY_MILLIS, () -> {
                if (pending == again) {
                    attempt(again);
                }
            });
            return;
        }
        finish(mayHaveApplied ? SimMessages.UNKNOWN : SimMessages.FAILED, null);
    }

    /** The key's partition, or its parent while that partition is a split child not registered yet. */
    private Gpid route(String key) {
        long hash = PartitionHash.of(key.getBytes(StandardCharsets.UTF_8), new byte[0]);
        return new Gpid(SimMeta.TABLE, SplitRouting.servingPartition(hash, partitionCount, routes::get));
    }

    private ClientOp randomOp(String key) {
        int dice = sim.random().nextInt(10);
        String value = "c" + id + "-" + issued;
        if (dice < 4) {
            return new SimMessages.Read(key);
        } else if (dice < 8) {
            return new SimMessages.Write(key, value);
        }
        return new SimMessages.Cas(key, lastSeen.get(key), value);
    }

    private static Op toHistoryOp(ClientOp op) {
        if (op instanceof SimMessages.Read) {
            return new Op.Read();
        } else if (op instanceof SimMessages.Write write) {
            return new Op.Write(write.value());
        }
        SimMessages.Cas cas = (SimMessages.Cas) op;
        return new Op.Cas(cas.expected(), cas.value());
    }

    private void receive(RpcAddress from, Object message) {
        if (message instanceof SimMessages.NotLeader notLeader) {
            RpcAddress next = metas.notLeader(from);
            if (notLeader.refused() instanceof SimMessages.RouteQuery query) {
                network.send(address, next, query);
            }
        } else if (message instanceof SimMessages.RouteReply reply && reply.config() != null) {
            metas.answered();
            if (reply.partitionCount() > partitionCount) {
                partitionCount = reply.partitionCount();
                refreshAll();
            }
            PartitionConfig known = routes.get(reply.gpid().partitionIndex());
            if (known == null || reply.config().ballot() > known.ballot()) {
                routes.put(reply.gpid().partitionIndex(), reply.config());
            }
        } else if (message instanceof ClientReply reply && pending != null && reply.id() == pending.requestId()) {
            if (SimMessages.OK.equals(reply.outcome())) {
                finish(reply.outcome(), reply.result());
            } else {
                failed(reply.outcome());
            }
        }
    }

    private void finish(String outcome, Object result) {
        Pending done = pending;
        pending = null;
        boolean isRead = done.op() instanceof SimMessages.Read;
        if (SimMessages.OK.equals(outcome)) {
            history.ok(done.operationId(), result);
            if (isRead) {
                lastSeen.put(((SimMessages.Read) done.op()).key(), (String) result);
            }
        } else if (SimMessages.FAILED.equals(outcome) || isRead) {
            history.failed(done.operationId());
        } else {
            history.unknown(done.operationId());
        }
        sim.schedule(sim.between(0, 20), this::next);
    }

    private void refreshAll() {
        RpcAddress meta = metas.forNextRound();
        for (int index = 0; index < partitionCount; index++) {
            network.send(address, meta, new SimMessages.RouteQuery(new Gpid(SimMeta.TABLE, index)));
        }
    }
}
