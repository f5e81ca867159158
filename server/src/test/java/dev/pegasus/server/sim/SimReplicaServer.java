package dev.pegasus.server.sim;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.Effect;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaCore;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.InMemoryMutationLog;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.storage.HashPartition;
import dev.pegasus.server.replica.storage.SplitOp;
import dev.pegasus.server.replica.storage.WriteOp;
import dev.pegasus.server.wire.MutationCodec;
import dev.pegasus.server.sim.SimMessages.Beacon;
import dev.pegasus.server.sim.SimMessages.BeaconReply;
import dev.pegasus.server.sim.SimMessages.Cas;
import dev.pegasus.server.sim.SimMessages.ClientReply;
import dev.pegasus.server.sim.SimMessages.ClientRequest;
import dev.pegasus.server.sim.SimMessages.Read;
import dev.pegasus.server.sim.SimMessages.Write;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A simulated replica server: the real {@link ReplicaCore} per partition, driven the way the real
 * server drives it, over the log's in-memory twin (group commit), {@link SimStore}s (lost on a crash back to
 * their last flush) and the {@link SimNetwork}. It serves clients only while its lease is valid.
 */
final class SimReplicaServer {
    static final long LEASE_MILLIS = 1000;
    private static final long TICK_MILLIS = 10;
    private static final long BEACON_MILLIS = 100;

    /** A write waiting for its outcome; {@code client} is empty for a split this server placed itself. */
    private record PendingClient(Gpid gpid, Optional<RpcAddress> client, long clientRequestId, Object successResult) {}

    private final RpcAddress address;
    private final RpcAddress meta;
    private final Simulation sim;
    private final SimNetwork network;
    private final Invariants invariants;
    private final CoreOptions options;
    private final int tablePartitionCount;
    /** The real log's in-memory twin: appends become durable at the next group commit; a crash loses the rest. */
    private final InMemoryMutationLog log = new InMemoryMutationLog();
    private final Map<Gpid, SimStore> stores = new TreeMap<>();
    private final Map<Gpid, ReplicaCore> cores = new TreeMap<>();
    private final Map<Long, PendingClient> pendingClients = new HashMap<>();
    private final Map<Gpid, Deque<Runnable>> waitingAtomic = new HashMap<>();
    /** Per partition, the count of the latest split its log holds: writes of the other half are refused from then on. */
    private final Map<Gpid, Integer> splitCountLogged = new HashMap<>();
    private final Set<Gpid> splitPlaced = new HashSet<>();
    private boolean up;
    private long incarnation;
    private long leaseUntil = -1;
    private long nextRequestId;
    private boolean groupCommitScheduled;

    SimReplicaServer(RpcAddress address, RpcAddress meta, Simulation sim, SimNetwork network, Invariants invariants,
            CoreOptions options, int tablePartitionCount) {
        this.address = address;
        this.meta = meta;
        this.sim = sim;
        this.network = network;
        this.invariants = invariants;
        this.options = options;
        this.tablePartitionCount = tablePartitionCount;
        network.attach(address, this::receive);
    }

    RpcAddress address() {
        return address;
    }

    boolean isUp() {
        return up;
    }

    /** Whether this server is up and its replica of the partition is a readable primary at the ballot. */
    boolean servesAsPrimary(Gpid gpid, long ballot) {
        ReplicaCore core = cores.get(gpid);
        return up && core != null && core.status() == Role.Status.PRIMARY && core.config().ballot() == ballot
                && core.isReadable();
    }

    /** Starts (or restarts) the process: replays the log over the stores' flushed state. */
    void start() {
        trace(() -> "START");
        up = true;
        incarnation = sim.now() + 1;
        network.setDown(address, false);
        log.replay(record -> core(record.gpid()).replay(MutationCodec.fromPayload(record.payload())));
        // Every replica on disk is opened and reported, those without log records too (a split's children).
        List.copyOf(stores.keySet()).forEach(this::core);
        for (ReplicaCore core : List.copyOf(cores.values())) {
            core.finishReplay();
            drain(core);
        }
        long started = incarnation;
        repeat(TICK_MILLIS, started, this::tick);
        repeat(BEACON_MILLIS, started, this::beacon);
        repeat(sim.between(30, 80), started, () -> stores.values().forEach(SimStore::flush));
    }

    /** kill -9: everything in memory is gone, unsynced log records and unflushed store data too. */
    void crash() {
        trace(() -> "CRASH");
        up = false;
        network.setDown(address, true);
        log.crash();
        stores.values().forEach(SimStore::crash);
        cores.clear();
        pendingClients.clear();
        waitingAtomic.clear();
        splitCountLogged.clear();
        splitPlaced.clear();
        leaseUntil = -1;
        groupCommitScheduled = false;
    }

    private void repeat(long period, long startedIncarnation, Runnable action) {
        sim.schedule(period, () -> {
            if (up && incarnation == startedIncarnation) {
                action.run();
                repeat(period, startedIncarnation, action);
            }
        });
    }

    private ReplicaCore core(Gpid gpid) {
        return cores.computeIfAbsent(gpid, g -> new ReplicaCore(g, address,
                stores.computeIfAbsent(g, x -> new SimStore()).appliedDecree(), options));
    }

    private void tick() {
        for (ReplicaCore core : List.copyOf(cores.values())) {
            core.onTick(sim.now());
            drain(core);
            if (core.status() == Role.Status.PRIMARY) {
                invariants.primary(address, core.gpid(), core.config().ballot());
            }
        }
    }

    private void beacon() {
        Map<Gpid, SimMessages.Report> reports = new TreeMap<>();
        cores.forEach((gpid, core) -> reports.put(gpid,
                new SimMessages.Report(core.status(), core.config().ballot(), core.committedDecree(),
                        core.preparedDecree(), core.missesCommitted())));
        network.send(address, meta, new Beacon(sim.now(), incarnation, reports));
    }

    private void receive(RpcAddress from, Object message) {
        if (!up) {
            return;
        }
        if (message instanceof ReplicaMessage replicaMessage) {
            ReplicaCore core = core(replicaMessage.gpid());
            core.onMessage(from, replicaMessage);
            drain(core);
        } else if (message instanceof BeaconReply reply) {
            onBeaconReply(reply);
        } else if (message instanceof SimMessages.ProposalAnswer answer) {
            if (answer.incarnation() == incarnation) {
                configure(answer.gpid(), answer.config());
            }
        } else if (message instanceof SimMessages.Invite invite) {
            ReplicaCore core = core(invite.gpid());
            core.onAddLearnerRequested(invite.node(), invite.ballot());
            drain(core);
        } else if (message instanceof SimMessages.InstallCheckpoint install) {
            ReplicaCore core = core(install.gpid());
            if (core.acceptsCheckpoint()) {
                stores.get(install.gpid()).install(install.checkpoint());
                core.onCheckpointInstalled(install.checkpoint().decree());
                invariants.checkpointInstalled();
                network.send(address, from, new SimMessages.CheckpointInstalled(install.gpid(),
                        install.checkpoint().decree()));
            }
        } else if (message instanceof SimMessages.CheckpointInstalled installed) {
            ReplicaCore core = core(installed.gpid());
            core.onCheckpointShipped(from, installed.decree());
            drain(core);
        } else if (message instanceof ClientRequest request) {
            serve(from, request);
        }
    }

    private void onBeaconReply(BeaconReply reply) {
        if (reply.incarnation() != incarnation) {
            return;
        }
        reply.configs().forEach(this::configure);
        leaseUntil = Math.max(leaseUntil, reply.beaconSentAt() + LEASE_MILLIS);
        reply.splits().forEach(this::placeSplit);
    }

    private void configure(Gpid gpid, PartitionConfig config) {
        ReplicaCore core = core(gpid);
        if (config.ballot() > core.config().ballot()) {
            trace(() -> "config " + gpid + " " + config + " (was " + core + ")");
        }
        core.onConfig(config);
        drain(core);
    }

    private void drain(ReplicaCore core) {
        Gpid gpid = core.gpid();
        for (Effect effect : core.drainEffects()) {
            if (effect instanceof Effect.AppendLog append) {
                SplitOp.of(append.mutation().ops()).ifPresent(split ->
                        splitCountLogged.merge(gpid, split.partitionCount(), Math::max));
                appendToLog(core, append.mutation());
            } else if (effect instanceof Effect.Send send) {
                network.send(address, send.to(), send.message());
            } else if (effect instanceof Effect.Apply apply) {
                trace(() -> "apply " + gpid + " " + apply.mutation() + " " + describe(apply.mutation().ops()));
                Optional<SplitOp> split = SplitOp.of(apply.mutation().ops());
                if (split.isPresent()) {
                    splitAt(gpid, apply.mutation().decree(), split.get());
                } else {
                    stores.get(gpid).apply(apply.mutation());
                }
                invariants.applied(address, gpid, apply.mutation());
            } else if (effect instanceof Effect.Reply reply) {
                answer(reply);
            } else if (effect instanceof Effect.ProposeToMeta propose) {
                network.send(address, meta, new SimMessages.Proposal(gpid, propose.proposal(), incarnation));
            } else if (effect instanceof Effect.ShipCheckpoint ship) {
                network.send(address, ship.learner(),
                        new SimMessages.InstallCheckpoint(gpid, stores.get(gpid).checkpoint()));
            }
        }
        runAtomicWhenQuiet(core);
    }

    private void appendToLog(ReplicaCore core, LoggedMutation mutation) {
        long appendedIncarnation = incarnation;
        LogRecord record = new LogRecord(core.gpid(), mutation.ballot(), mutation.decree(),
                mutation.lastCommittedDecree(), MutationCodec.toPayload(mutation));
        log.append(record, true).whenComplete((done, failure) -> {
            if (failure == null && up && incarnation == appendedIncarnation) {
                core.onLogged(mutation.ballot(), mutation.decree());
                drain(core);
            }
        });
        scheduleGroupCommit();
    }

    private void scheduleGroupCommit() {
        if (groupCommitScheduled) {
            return;
        }
        groupCommitScheduled = true;
        long scheduledIncarnation = incarnation;
        sim.schedule(sim.between(1, 4), () -> {
            if (up && incarnation == scheduledIncarnation) {
                groupCommitScheduled = false;
                log.flush();
            }
        });
    }

    private void answer(Effect.Reply reply) {
        PendingClient pending = pendingClients.remove(reply.requestId());
        if (pending == null) {
            return;
        }
        if (pending.client().isEmpty()) {
            splitPlaced.remove(pending.gpid());
            return;
        }
        String outcome = reply.error().isEmpty() ? SimMessages.OK
                : reply.error().get() == ErrorCode.ERR_TIMEOUT ? SimMessages.UNKNOWN : SimMessages.FAILED;
        network.send(address, pending.client().get(), new ClientReply(pending.clientRequestId(), outcome,
                pending.successResult()));
    }

    // ---------------------------------------------------------------- clients

    private void serve(RpcAddress client, ClientRequest request) {
        ReplicaCore core = cores.get(request.gpid());
        if (core == null || core.status() != Role.Status.PRIMARY || sim.now() >= leaseUntil
                || !inKeySpace(request.gpid(), storageKey(request.op().key()))) {
            network.send(address, client, new ClientReply(request.id(), SimMessages.FAILED, null));
            return;
        }
        if (request.op() instanceof Read read) {
            if (!core.isReadable()) {
                network.send(address, client, new ClientReply(request.id(), SimMessages.FAILED, null));
                return;
            }
            trace(() -> "read " + read.key() + " -> " + stores.get(request.gpid()).get(storageKey(read.key())) + " at " + core
                    + " lease until " + leaseUntil);
            network.send(address, client, new ClientReply(request.id(), SimMessages.OK,
                    stores.get(request.gpid()).get(storageKey(read.key()))));
        } else if (request.op() instanceof Write write) {
            propose(core, client, request.id(), put(write.key(), write.value()), null);
        } else if (request.op() instanceof Cas cas) {
            waitingAtomic.computeIfAbsent(request.gpid(), g -> new ArrayDeque<>())
                    .add(() -> compareAndSet(core, client, request.id(), cas));
            runAtomicWhenQuiet(core);
        }
    }

    /** Read-modify-write requests run only when nothing is uncommitted, so they read the latest state. */
    private void runAtomicWhenQuiet(ReplicaCore core) {
        Deque<Runnable> waiting = waitingAtomic.get(core.gpid());
        while (waiting != null && !waiting.isEmpty() && !core.hasUncommitted()) {
            waiting.poll().run();
        }
    }

    private void compareAndSet(ReplicaCore core, RpcAddress client, long clientRequestId, Cas cas) {
        if (core.status() != Role.Status.PRIMARY || sim.now() >= leaseUntil || !core.isReadable()) {
            network.send(address, client, new ClientReply(clientRequestId, SimMessages.FAILED, null));
            return;
        }
        String current = stores.get(core.gpid()).get(storageKey(cas.key()));
        trace(() -> "cas " + cas + " sees " + current + " at " + core);
        if (!Objects.equals(current, cas.expected())) {
            network.send(address, client, new ClientReply(clientRequestId, SimMessages.OK, false));
            return;
        }
        propose(core, client, clientRequestId, put(cas.key(), cas.value()), true);
    }

    private void propose(ReplicaCore core, RpcAddress client, long clientRequestId, List<WriteOp> ops,
            Object successResult) {
        Gpid gpid = core.gpid();
        int splitCount = Math.max(splitCountLogged.getOrDefault(gpid, 0), stores.get(gpid).splitCount());
        if (SplitOp.keyOfOtherHalf(ops, gpid.partitionIndex(), splitCount).isPresent()) {
            network.send(address, client, new ClientReply(clientRequestId, SimMessages.FAILED, null));
            return;
        }
        long requestId = nextRequestId++;
        pendingClients.put(requestId, new PendingClient(gpid, Optional.of(client), clientRequestId, successResult));
        core.onClientWrite(requestId, ops);
        drain(core);
    }

    // ---------------------------------------------------------------- splits

    /**
     * As the meta asks a parent's primary: places the split once every earlier write committed, unless
     * the store split that far already or a split is placed and not answered yet.
     */
    private void placeSplit(Gpid gpid, int partitionCount) {
        ReplicaCore core = cores.get(gpid);
        if (core == null || core.status() != Role.Status.PRIMARY || !core.isReadable() || sim.now() >= leaseUntil
                || splitPlaced.contains(gpid) || stores.get(gpid).splitCount() >= partitionCount) {
            return;
        }
        splitPlaced.add(gpid);
        waitingAtomic.computeIfAbsent(gpid, g -> new ArrayDeque<>()).add(() -> {
            if (core.status() != Role.Status.PRIMARY || stores.get(gpid).splitCount() >= partitionCount) {
                splitPlaced.remove(gpid);
                return;
            }
            long requestId = nextRequestId++;
            pendingClients.put(requestId, new PendingClient(gpid, Optional.empty(), -1, null));
            core.onClientWrite(requestId, List.of(new SplitOp(partitionCount).toWriteOp()));
            drain(core);
        });
        runAtomicWhenQuiet(core);
    }

    /** Every replica copies its store at the split's decree; a child copied before (the decree replayed) is kept. */
    private void splitAt(Gpid parent, long decree, SplitOp split) {
        Gpid child = new Gpid(parent.appId(), split.childOf(parent.partitionIndex()));
        SimStore.Checkpoint copy = stores.get(parent).split(decree, split.partitionCount(), child.partitionIndex());
        trace(() -> "split " + parent + " at decree " + decree + " into " + child);
        if (!stores.containsKey(child)) {
            SimStore childStore = new SimStore();
            childStore.install(copy);
            stores.put(child, childStore);
            invariants.childCopied(address, child, copy);
            core(child);
        }
    }

    /** Reads and writes reach only the keys of the partition's hash space, as of the split it applied. */
    private boolean inKeySpace(Gpid gpid, byte[] storageKey) {
        SimStore store = stores.get(gpid);
        int count = store.splitCount() > 0 ? store.splitCount() : tablePartitionCount;
        return new HashPartition(gpid.partitionIndex(), count).holds(storageKey);
    }

    static byte[] storageKey(String hashKey) {
        return KeySchema.encode(hashKey.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** {@code -Dsim.trace=true} prints what each server does, to follow a failing seed. */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    private void trace(Supplier<String> what) {
        if (TRACE) {
            System.out.println(sim.now() + " " + address + ": " + what.get());
        }
    }

    private static String describe(List<WriteOp> ops) {
        return ops.stream().map(op -> new String(op.key(), StandardCharsets.ISO_8859_1) + "="
                + (op.delete() ? "<deleted>" : new String(op.storedValue(), StandardCharsets.UTF_8))).toList().toString();
    }

    private static List<WriteOp> put(String key, String value) {
        return List.of(WriteOp.put(storageKey(key), value.getBytes(StandardCharsets.UTF_8)));
    }
}
