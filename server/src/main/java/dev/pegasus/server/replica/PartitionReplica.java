package dev.pegasus.server.replica;

import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicated_write;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.Effect;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaCore;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.SplitOp;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.Prepared;
import dev.pegasus.server.replica.storage.ScannerRegistry;
import dev.pegasus.server.replica.storage.WriteExecutor;
import dev.pegasus.server.wire.MutationCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition replica in the replica server: drives its {@link ReplicaCore} (PacificA) with real
 * adapters — the shared log, the RocksDB store, the network — and serves clients when it is a
 * primary with a valid lease. Every method runs as a task of the partition ({@link PartitionWorkers}:
 * one at a time, in order), except {@link #report()} and {@link #read}, which run on any thread from
 * what the partition's tasks published.
 */
public final class PartitionReplica {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionReplica.class);

    /** Client writes one mutation holds at most: enough to amortize a prepare, few enough to keep latency flat. */
    static final int MAX_BATCHED_WRITES = 64;
    /** Key and value bytes past which a mutation takes no more client writes. */
    static final long MAX_BATCHED_BYTES = 1 << 20;

    /** A client write waiting for its mutation to commit. */
    private record PendingWrite<R>(LongFunction<R> onCommit, CompletableFuture<R> answer) {
        void committed(long decree) {
            answer.complete(onCommit.apply(decree));
        }

        void failed(RpcException error) {
            answer.completeExceptionally(error);
        }
    }

    /**
     * What the meta server hears about this replica.
     *
     * @param prepared the end of its log, committed or not
     * @param held     the end of its log without a gap ({@link ReplicaCore#heldDecree})
     * @param lagging  it misses mutations its primary committed ({@link ReplicaCore#missesCommitted})
     */
    public record Report(Role.Status status, long ballot, long committed, long prepared, long held, boolean lagging) {}

    private final Gpid gpid;
    /** Replaced only when a learner installs a checkpoint; read by reads on other threads. */
    private volatile PartitionStore store;
    private WriteExecutor executor;
    private final ScannerRegistry scanners;
    private final ReplicaCore core;
    private final ReplicaServices services;
    /** The client writes of each mutation this primary started, by the request id it gave the protocol. */
    private final Map<Long, List<PendingWrite<?>>> pendingWrites = new HashMap<>();
    private final WriteBatch<PendingWrite<?>> batch = new WriteBatch<>(MAX_BATCHED_WRITES, MAX_BATCHED_BYTES);
    /** Whether a task that seals {@link #batch} waits in the partition's queue. */
    private boolean sealQueued;
    private final Deque<Runnable> waitingForQuiet = new ArrayDeque<>();
    private long nextRequestId;
    private Optional<app_info> info = Optional.empty();
    private boolean durableAppends = true;
    private volatile Report report;
    /**
     * Whether reads are answered: a primary whose takeover writes have all committed. Published by
     * the partition's tasks after every step; reads check the lease themselves.
     */
    private volatile boolean readable;
    private volatile boolean closed;
    /** A split this primary placed is not committed yet. */
    private boolean splitPlaced;
    /**
     * The partition count of the latest split this replica logged. From the split's decree on, a write of
     * a key of the other half would land after the child's copy was made, so it is refused — already
     * while the split is logged but not yet applied.
     */
    private int splitCountLogged;
    /** Set when a bulk load ingestion failed: nothing is applied after it (see {@link #apply}). */
    private boolean applyFailed;

    PartitionReplica(Gpid gpid, PartitionStore store, WriteExecutor executor, ScannerRegistry scanners, ReplicaCore core,
            ReplicaServices services) {
        this.gpid = gpid;
        this.store = store;
        this.executor = executor;
        this.scanners = scanners;
        this.core = core;
        this.services = services;
        store.setPartitionIndex(gpid.partitionIndex());
        updateReport();
    }

    public Gpid gpid() {
        return gpid;
    }

    public PartitionStore store() {
        return store;
    }

    ScannerRegistry scanners() {
        return scanners;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Neither serving nor learning: inactive, or failed. In a partition task. */
    boolean isIdle() {
        return core.status() == Role.Status.INACTIVE || core.status() == Role.Status.ERROR;
    }

    public Report report() {
        return report;
    }

    /**
     * Whether this is a primary whose takeover writes have all committed, so that its store holds every
     * write acknowledged to a client so far: a newly promoted primary may not have applied the last
     * writes its predecessor acknowledged until it has committed them again.
     */
    public boolean holdsEveryAcknowledgedWrite() {
        return !closed && readable;
    }

    /** The table's partition count, once the meta server has described the table. */
    Optional<Integer> partitionCount() {
        return info.map(app_info::getPartition_count);
    }

    /**
     * The partition count this replica's keys are hashed by: the one of its last split, or the table's
     * count at creation. While a table splits it can be half the table's count: a parent serves its
     * child's keys until it splits.
     */
    Optional<Integer> keySpaceCount() {
        int split = store.splitCount();
        if (split > 0) {
            return Optional.of(split);
        }
        return info.map(table -> table.isSetInit_partition_count() ? table.getInit_partition_count()
                : table.getPartition_count());
    }

    /**
     * Refuses a request whose key hash this replica does not hold: while a table splits, a client with
     * an old route may send a child's key to its parent after the parent split.
     */
    public void checkKeyHash(long partitionHash) {
        keySpaceCount().ifPresent(count -> {
            int owner = PartitionHash.partitionIndex(partitionHash, count);
            if (partitionHash != 0 && owner != gpid.partitionIndex()) {
                throw new RpcException(ErrorCode.ERR_PARENT_PARTITION_MISUSED, "the key's hash belongs to partition "
                        + owner + ", not " + gpid);
            }
        });
    }

    /**
     * Writes another cluster shipped are grouped by the partition count it knew, maybe from before a
     * split here: every key must belong to this partition, or the sender refreshes its routes and groups
     * them again.
     */
    public void checkKeyHashes(duplicate_request request) {
        for (duplicate_entry entry : request.getEntries() == null ? List.<duplicate_entry>of() : request.getEntries()) {
            for (duplicated_write write : entry.getWrites() == null ? List.<duplicated_write>of() : entry.getWrites()) {
                if (write.getKey() != null) {
                    checkKeyHash(PartitionHash.ofStorageKey(write.getKey()));
                }
            }
        }
    }

    /**
     * On the primary: places a split into {@code partitionCount} partitions unless the store is split that
     * far or a split is placed already. It waits, like a read-modify-write, until every earlier write has
     * committed, so every replica copies the same state.
     */
    public void split(int partitionCount) {
        if (splitPlaced || store.splitCount() >= partitionCount || !servesClients()) {
            return;
        }
        splitPlaced = true;
        CompletableFuture<Long> placed = new CompletableFuture<>();
        place(() -> {
            if (store.splitCount() >= partitionCount) {
                return Optional.empty();
            }
            splitCountLogged = Math.max(splitCountLogged, partitionCount);
            return Optional.of(new Command.Split(partitionCount));
        }, placed);
        placed.whenComplete((done, failure) -> services.workers().submit(gpid, () -> splitPlaced = false));
    }

    // ---------------------------------------------------------------- inputs from the server

    void replay(LoggedMutation mutation) {
        executor.notePrepared(mutation.writes());
        core.replay(mutation);
    }

    void finishReplay() {
        core.finishReplay();
        execute();
    }

    public void tick() {
        core.onTick(services.nowMillis());
        execute();
    }

    public void onMessage(RpcAddress from, ReplicaMessage message) {
        core.advanceClock(services.nowMillis());
        core.onMessage(from, message);
        execute();
    }

    public void onConfig(PartitionConfig config, app_info table) {
        info = Optional.of(table);
        allowForeignKeySweep(store, table);
        Map<String, String> envs = table.getEnvs() == null ? Map.of() : table.getEnvs();
        executor.setDefaultTtlSeconds(defaultTtl(table));
        durableAppends = !TableEnvs.ASYNC.equals(envs.get(TableEnvs.DURABILITY));
        core.onConfig(config);
        execute();
    }

    /** Until the split ends the parent's copy of its child's half is kept: it is the fallback. */
    private static void allowForeignKeySweep(PartitionStore store, app_info table) {
        store.sweepForeignKeys(store.splitCount() > 0 && !table.isSplitting());
    }

    private static int defaultTtl(app_info table) {
        return Integer.parseInt(table.getEnvs() == null ? "0" : table.getEnvs().getOrDefault(TableEnvs.DEFAULT_TTL, "0"));
    }

    public void onInvitation(RpcAddress learner, long ballot) {
        core.onAddLearnerRequested(learner, ballot);
        execute();
    }

    public void onCheckpointShipped(RpcAddress learner, long decree) {
        core.onCheckpointShipped(learner, decree);
        execute();
    }

    boolean acceptsCheckpoint() {
        return core.acceptsCheckpoint();
    }

    /**
     * Puts a store opened on an installed checkpoint in place of the old one (closed by the caller
     * before the directories were swapped). Only while {@link #acceptsCheckpoint()}.
     */
    void onCheckpointInstalled(long decree, PartitionStore installed, WriteExecutor installedExecutor) {
        replaceStore(installed, installedExecutor);
        core.onCheckpointInstalled(decree);
        execute();
    }

    /** Serves from a reopened store (the old one was closed to swap directories). */
    void replaceStore(PartitionStore reopened, WriteExecutor reopenedExecutor) {
        store = reopened;
        executor = reopenedExecutor;
        reopened.setPartitionIndex(gpid.partitionIndex());
        info.ifPresent(table -> {
            reopenedExecutor.setDefaultTtlSeconds(defaultTtl(table));
            allowForeignKeySweep(reopened, table);
        });
    }

    // ---------------------------------------------------------------- clients

    /**
     * A client write. Blind writes (their plain writes do not depend on the store) join the batch that
     * goes out once the partition has taken every request queued before it; read-modify-write requests
     * ({@code readsState}) go out alone, after the batch and once nothing is uncommitted, so they see
     * every earlier write. The answer completes when the mutation commits. A primary whose server is
     * short of disk space refuses it with ERR_DISK_INSUFFICIENT.
     */
    public <R> void write(Function<WriteExecutor, Prepared<R>> request, boolean readsState, BiConsumer<R, Long> stamp,
            CompletableFuture<R> answer) {
        Optional<String> refused = services.writeRefusal();
        if (refused.isPresent() && servesClients()) {
            answer.completeExceptionally(new RpcException(ErrorCode.ERR_DISK_INSUFFICIENT, refused.get()));
            return;
        }
        if (readsState) {
            if (!quietAndReadable(() -> write(request, true, stamp, answer), answer)) {
                return;
            }
        } else if (!servesClients()) {
            answer.completeExceptionally(notServing());
            return;
        }
        Prepared<R> prepared = request.apply(executor);
        if (prepared.mutation().isEmpty()) {
            answer.complete(prepared.response());
            return;
        }
        Optional<String> misplaced = keyOfOtherHalf(prepared.mutation());
        if (misplaced.isPresent()) {
            answer.completeExceptionally(new RpcException(ErrorCode.ERR_PARENT_PARTITION_MISUSED, misplaced.get()));
            return;
        }
        R response = prepared.response();
        batch.add(prepared.mutation().ops(), new PendingWrite<>(decree -> {
            stamp.accept(response, decree);
            return response;
        }, answer));
        if (readsState || batch.isFull()) {
            sealBatch();
        } else if (!sealQueued) {
            sealQueued = true;
            services.workers().submit(gpid, () -> {
                sealQueued = false;
                if (!closed) {
                    sealBatch();
                }
            });
        }
    }

    /**
     * On the primary: places a command (a split, an ingestion) alone in its mutation once every earlier
     * write has committed, so that it sees the state every replica applies it on. {@code decide} runs
     * then and may find nothing to do; the answer is the decree the command committed at, or -1.
     */
    public void place(Supplier<Optional<Command>> decide, CompletableFuture<Long> answer) {
        if (!quietAndReadable(() -> place(decide, answer), answer)) {
            return;
        }
        Optional<Command> command = decide.get();
        if (command.isEmpty()) {
            answer.complete(-1L);
            return;
        }
        long requestId = nextRequestId++;
        pendingWrites.put(requestId, List.of(new PendingWrite<>(decree -> decree, answer)));
        core.onClientWrite(requestId, command.get());
        execute();
    }

    /**
     * Whether a request that reads the state may run now: every earlier write committed, on a primary
     * that serves reads. If writes are uncommitted it runs {@code retry} once they are not; if the
     * replica does not serve, it fails the answer.
     */
    private boolean quietAndReadable(Runnable retry, CompletableFuture<?> answer) {
        sealBatch();
        if (core.hasUncommitted()) {
            waitingForQuiet.add(retry);
            return false;
        }
        if (!servesClients() || !core.isReadable()) {
            answer.completeExceptionally(notServing());
            return false;
        }
        return true;
    }

    /** Hands the batched writes to the protocol as one mutation. */
    private void sealBatch() {
        if (batch.isEmpty()) {
            return;
        }
        WriteBatch.Sealed<PendingWrite<?>> sealed = batch.seal();
        long requestId = nextRequestId++;
        pendingWrites.put(requestId, sealed.waiting());
        core.onClientWrite(requestId, sealed.ops());
        execute();
    }

    /**
     * A read, on the caller's thread: only a primary with a valid lease whose takeover writes are
     * committed answers. A write is applied before it is acknowledged, so a read that starts after the
     * acknowledgement sees it; the store's own lock keeps a read off a closed store.
     */
    public <R> R read(Function<PartitionStore, R> query) {
        if (closed || !readable || !services.lease().isValid()) {
            throw notServing();
        }
        return query.apply(store);
    }

    /**
     * A backup request's read: served by a readable primary or by a secondary, whose state holds every
     * mutation it applied and may lack the latest ones; the client accepts that for a faster answer.
     */
    public <R> R readAsBackup(Function<PartitionStore, R> query) {
        if (!closed && !readable && report.status() == Role.Status.SECONDARY) {
            return query.apply(store);
        }
        return read(query);
    }

    private boolean servesClients() {
        return !closed && core.status() == Role.Status.PRIMARY && services.lease().isValid();
    }

    private RpcException notServing() {
        Role.Status status = report.status();
        return new RpcException(ErrorCode.ERR_INVALID_STATE, "replica " + gpid + " on " + services.self() + " is "
                + status.name().toLowerCase() + (status == Role.Status.PRIMARY && !readable ? " still committing its takeover" : "")
                + (services.lease().isValid() ? "" : " without a lease"));
    }

    // ---------------------------------------------------------------- effects

    private void execute() {
        execute(core.drainEffects());
    }

    /**
     * Carries the effects out until the core has nothing more to say (an effect can fail and be reported
     * back: an apply). Slow ones (a checkpoint for a learner, a split's copy of the store, a bulk load's
     * ingestion) and all that follows them go on on a worker thread, next in the partition's order,
     * when this is a network thread or the log writer.
     */
    private void execute(List<Effect> effects) {
        for (List<Effect> batch = effects; !batch.isEmpty(); batch = core.drainEffects()) {
            for (int i = 0; i < batch.size(); i++) {
                Effect effect = batch.get(i);
                if (isSlow(effect) && !services.workers().onWorkerThread()) {
                    List<Effect> rest = List.copyOf(batch.subList(i, batch.size()));
                    services.workers().continueOnWorker(gpid, () -> {
                        if (!closed) {
                            execute(rest);
                        }
                    });
                    return;
                }
                execute(effect);
            }
        }
        updateReport();
        while (!waitingForQuiet.isEmpty() && !core.hasUncommitted()) {
            waitingForQuiet.poll().run();
        }
    }

    private static boolean isSlow(Effect effect) {
        return effect instanceof Effect.ShipCheckpoint
                || (effect instanceof Effect.Apply apply && apply.mutation().command().isSlow());
    }

    private void execute(Effect effect) {
        if (effect instanceof Effect.AppendLog append) {
            if (append.mutation().command() instanceof Command.Split split) {
                splitCountLogged = Math.max(splitCountLogged, split.partitionCount());
            }
            appendToLog(append.mutation());
        } else if (effect instanceof Effect.Send send) {
            services.send(send.to(), send.message());
        } else if (effect instanceof Effect.Apply apply) {
            apply(apply.mutation());
        } else if (effect instanceof Effect.Reply reply) {
            answer(reply);
        } else if (effect instanceof Effect.ProposeToMeta propose) {
            services.propose(gpid, propose.proposal(), propose.reason()).thenAccept(config -> config.ifPresent(c ->
                    services.workers().submit(gpid, () -> {
                        if (!closed) {
                            core.onConfig(c);
                            execute();
                        }
                    })));
        } else if (effect instanceof Effect.ShipCheckpoint ship) {
            assert services.workers().onWorkerThread() : "a checkpoint made on " + Thread.currentThread().getName();
            services.shipCheckpoint(this, ship.learner());
        }
    }

    /**
     * Applies a committed mutation: its writes, or the split or the ingestion of a bulk load's files it
     * commands. A failure stops the replica (the core hears of it): applying later decrees without
     * the failed one would make this replica's data differ from the others'.
     */
    private void apply(LoggedMutation mutation) {
        if (applyFailed) {
            return;
        }
        try {
            Command command = mutation.command();
            assert !command.isSlow() || services.workers().onWorkerThread()
                    : "an ingestion or a split on " + Thread.currentThread().getName();
            if (command instanceof Command.Ingest ingest) {
                services.ingester().ingest(gpid, store, mutation.decree(), new IngestOp(ingest.loadId(), ingest.root()));
            } else if (command instanceof Command.Split split) {
                splitAt(mutation.decree(), new SplitOp(split.partitionCount()));
            } else {
                store.apply(mutation.decree(), new Mutation(mutation.writes()));
            }
            services.applied(gpid, mutation);
        } catch (RuntimeException e) {
            applyFailed = true;
            LOG.error("replica {}: applying decree {} failed; the replica stops", gpid, mutation.decree(), e);
            core.onApplyFailed(mutation.decree(), String.valueOf(e.getMessage()));
        }
    }

    /** A key the write would put in this partition although a split logged here gave it to the child. */
    private Optional<String> keyOfOtherHalf(Mutation mutation) {
        return SplitOp.keyOfOtherHalf(mutation.ops(), gpid.partitionIndex(),
                Math.max(splitCountLogged, store.splitCount())).map(owner -> "partition " + gpid + " " + owner);
    }

    private void splitAt(long decree, SplitOp split) {
        Gpid child = new Gpid(gpid.appId(), split.childOf(gpid.partitionIndex()));
        store.split(decree, split.partitionCount(), services.storeDir(child));
        store.sweepForeignKeys(false);
        LOG.info("replica {}: split into {} partitions at decree {}; child {} copied", gpid, split.partitionCount(),
                decree, child);
        services.childCreated(child);
    }

    private void appendToLog(LoggedMutation mutation) {
        executor.notePrepared(mutation.writes());
        LogRecord record = new LogRecord(gpid, mutation.ballot(), mutation.decree(), mutation.lastCommittedDecree(),
                MutationCodec.toPayload(mutation));
        services.log().append(record, durableAppends).whenComplete((done, failure) ->
                services.workers().submit(gpid, () -> {
                    if (closed) {
                        return;
                    }
                    if (failure != null) {
                        LOG.error("replica {}: the log refused {}; the replica stops", gpid, mutation, failure);
                        core.onFatal("log append failed: " + failure);
                    } else {
                        core.onLogged(mutation.ballot(), mutation.decree());
                    }
                    execute();
                }));
    }

    private void answer(Effect.Reply reply) {
        List<PendingWrite<?>> writes = pendingWrites.remove(reply.requestId());
        if (writes == null) {
            return;
        }
        if (reply.error().isEmpty()) {
            writes.forEach(write -> write.committed(reply.decree()));
        } else {
            ErrorCode error = reply.error().get();
            RpcException failure = new RpcException(error, error == ErrorCode.ERR_TIMEOUT
                    ? "replica " + gpid + " lost its primary role; the write may or may not be applied"
                    : "replica " + gpid + " did not apply the write (" + error.description() + "); it may be sent again");
            writes.forEach(write -> write.failed(failure));
        }
    }

    private void updateReport() {
        report = new Report(core.status(), core.config().ballot(), core.committedDecree(), core.preparedDecree(),
                core.heldDecree(), core.missesCommitted());
        readable = core.status() == Role.Status.PRIMARY && core.isReadable();
    }

    /** Stops serving; pending clients learn the outcome is unknown. The store is closed by the caller. */
    void close() {
        closed = true;
        RpcException unknown = new RpcException(ErrorCode.ERR_TIMEOUT, "replica " + gpid
                + " closed; the write may or may not be applied");
        pendingWrites.values().forEach(writes -> writes.forEach(write -> write.failed(unknown)));
        pendingWrites.clear();
        batch.drain().forEach(write -> write.failed(new RpcException(ErrorCode.ERR_INVALID_STATE, "replica " + gpid
                + " closed before the write was replicated; it is not applied")));
        waitingForQuiet.clear();
        scanners.close();
        store.close();
    }
}
