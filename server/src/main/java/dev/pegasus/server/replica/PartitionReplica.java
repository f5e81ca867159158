package dev.pegasus.server.replica;

import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.server.replica.core.Effect;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaCore;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.Prepared;
import dev.pegasus.server.replica.storage.ScannerRegistry;
import dev.pegasus.server.replica.storage.WriteExecutor;
import dev.pegasus.server.wire.MutationCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition replica in the replica server: drives its {@link ReplicaCore} (PacificA) with real
 * adapters — the shared log, the RocksDB store, the network — and serves clients when it is a
 * primary with a valid lease. Every method runs on the partition's worker thread, except the
 * volatile {@link #report()}.
 */
final class PartitionReplica {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionReplica.class);

    /** A client write waiting for its mutation to commit. */
    private record PendingWrite<R>(R response, BiConsumer<R, Long> stamp, CompletableFuture<R> answer) {
        void committed(long decree) {
            stamp.accept(response, decree);
            answer.complete(response);
        }
    }

    /** What the meta server hears about this replica. */
    record Report(Role.Status status, long ballot, long committed) {}

    private final Gpid gpid;
    /** Replaced only when a learner installs a checkpoint. */
    private PartitionStore store;
    private WriteExecutor executor;
    private final ScannerRegistry scanners;
    private final ReplicaCore core;
    private final ReplicaServices services;
    private final Map<Long, PendingWrite<?>> pendingWrites = new HashMap<>();
    private final Deque<Runnable> waitingForQuiet = new ArrayDeque<>();
    private long nextRequestId;
    private Optional<app_info> info = Optional.empty();
    private boolean durableAppends = true;
    private volatile Report report;
    private volatile boolean closed;
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
        updateReport();
    }

    Gpid gpid() {
        return gpid;
    }

    PartitionStore store() {
        return store;
    }

    ScannerRegistry scanners() {
        return scanners;
    }

    boolean isClosed() {
        return closed;
    }

    Report report() {
        return report;
    }

    /** The table's partition count, once the meta server has described the table. */
    Optional<Integer> partitionCount() {
        return info.map(app_info::getPartition_count);
    }

    // ---------------------------------------------------------------- inputs from the server

    void replay(LoggedMutation mutation) {
        core.replay(mutation);
    }

    void finishReplay() {
        core.finishReplay();
        execute();
    }

    void tick() {
        core.onTick(services.nowMillis());
        execute();
    }

    void onMessage(RpcAddress from, ReplicaMessage message) {
        core.onTick(services.nowMillis());
        core.onMessage(from, message);
        execute();
    }

    void onConfig(PartitionConfig config, app_info table) {
        info = Optional.of(table);
        Map<String, String> envs = table.getEnvs() == null ? Map.of() : table.getEnvs();
        executor.setDefaultTtlSeconds(defaultTtl(table));
        durableAppends = !TableEnvs.ASYNC.equals(envs.get(TableEnvs.DURABILITY));
        core.onConfig(config);
        execute();
    }

    private static int defaultTtl(app_info table) {
        return Integer.parseInt(table.getEnvs() == null ? "0" : table.getEnvs().getOrDefault(TableEnvs.DEFAULT_TTL, "0"));
    }

    void onInvitation(RpcAddress learner, long ballot) {
        core.onAddLearnerRequested(learner, ballot);
        execute();
    }

    void onCheckpointShipped(RpcAddress learner, long decree) {
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
        info.ifPresent(table -> reopenedExecutor.setDefaultTtlSeconds(defaultTtl(table)));
    }

    // ---------------------------------------------------------------- clients

    /**
     * A client write. Read-modify-write requests ({@code readsState}) wait until nothing is
     * uncommitted, so they see every earlier write. The answer completes when the mutation commits.
     */
    <R> void write(Function<WriteExecutor, Prepared<R>> request, boolean readsState, BiConsumer<R, Long> stamp,
            CompletableFuture<R> answer) {
        if (readsState && core.hasUncommitted()) {
            waitingForQuiet.add(() -> write(request, true, stamp, answer));
            return;
        }
        if (!servesClients() || (readsState && !core.isReadable())) {
            answer.completeExceptionally(notServing());
            return;
        }
        Prepared<R> prepared = request.apply(executor);
        if (prepared.mutation().isEmpty()) {
            answer.complete(prepared.response());
            return;
        }
        long requestId = nextRequestId++;
        pendingWrites.put(requestId, new PendingWrite<>(prepared.response(), stamp, answer));
        core.onClientWrite(requestId, prepared.mutation().ops());
        execute();
    }

    /** A read; only a primary with a valid lease whose takeover writes are committed answers. */
    <R> R read(Function<PartitionStore, R> query) {
        if (!servesClients() || !core.isReadable()) {
            throw notServing();
        }
        return query.apply(store);
    }

    private boolean servesClients() {
        return !closed && core.status() == Role.Status.PRIMARY && services.lease().isValid();
    }

    private RpcException notServing() {
        return new RpcException(ErrorCode.ERR_INVALID_STATE, "replica " + gpid + " on " + services.self()
                + " is " + core.status().name().toLowerCase() + (services.lease().isValid() ? "" : " without a lease"));
    }

    // ---------------------------------------------------------------- effects

    private void execute() {
        for (Effect effect : core.drainEffects()) {
            if (effect instanceof Effect.AppendLog append) {
                appendToLog(append.mutation());
            } else if (effect instanceof Effect.Send send) {
                services.send(send.to(), send.message());
            } else if (effect instanceof Effect.Apply apply) {
                apply(apply.mutation());
            } else if (effect instanceof Effect.Reply reply) {
                answer(reply);
            } else if (effect instanceof Effect.ProposeToMeta propose) {
                services.propose(gpid, propose.proposal()).thenAccept(config -> config.ifPresent(c ->
                        services.workers().submit(gpid, () -> {
                            if (!closed) {
                                core.onConfig(c);
                                execute();
                            }
                        })));
            } else if (effect instanceof Effect.ShipCheckpoint ship) {
                services.shipCheckpoint(this, ship.learner());
            }
        }
        updateReport();
        while (!waitingForQuiet.isEmpty() && !core.hasUncommitted()) {
            waitingForQuiet.poll().run();
        }
    }

    /**
     * Applies a committed mutation; a bulk load's ingestion ({@link IngestOp}) ingests the load's
     * files instead. A failed ingestion stops the replica: applying later decrees without it would make
     * this replica's data differ from the others'.
     */
    private void apply(LoggedMutation mutation) {
        if (applyFailed) {
            return;
        }
        Optional<IngestOp> ingest;
        try {
            ingest = IngestOp.of(mutation.ops());
            if (ingest.isPresent()) {
                services.ingester().ingest(gpid, store, mutation.decree(), ingest.get());
                return;
            }
        } catch (RuntimeException e) {
            applyFailed = true;
            LOG.error("replica {}: bulk load ingestion at decree {} failed; the replica stops", gpid,
                    mutation.decree(), e);
            core.onFatal("bulk load ingestion at decree " + mutation.decree() + " failed: " + e.getMessage());
            return;
        }
        store.apply(mutation.decree(), new Mutation(mutation.ops()));
    }

    private void appendToLog(LoggedMutation mutation) {
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
        PendingWrite<?> pending = pendingWrites.remove(reply.requestId());
        if (pending == null) {
            return;
        }
        if (reply.error().isEmpty()) {
            pending.committed(reply.decree());
        } else {
            ErrorCode error = reply.error().get();
            pending.answer().completeExceptionally(new RpcException(error, error == ErrorCode.ERR_TIMEOUT
                    ? "replica " + gpid + " lost its primary role; the write may or may not be applied"
                    : "replica " + gpid + " refused the write"));
        }
    }

    private void updateReport() {
        report = new Report(core.status(), core.config().ballot(), core.committedDecree());
    }

    /** Stops serving; pending clients learn the outcome is unknown. The store is closed by the caller. */
    void close() {
        closed = true;
        pendingWrites.values().forEach(pending -> pending.answer().completeExceptionally(new RpcException(
                ErrorCode.ERR_TIMEOUT, "replica " + gpid + " closed; the write may or may not be applied")));
        pendingWrites.clear();
        waitingForQuiet.clear();
        scanners.close();
        store.close();
    }
}
