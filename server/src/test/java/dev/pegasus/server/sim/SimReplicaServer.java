package dev.pegasus.server.sim;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.cas_check_type;
import dev.pegasus.protocol.thrift.check_and_set_request;
import dev.pegasus.protocol.thrift.check_and_set_response;
import dev.pegasus.protocol.thrift.update_request;
import dev.pegasus.server.replica.BulkLoadFiles;
import dev.pegasus.server.replica.BulkLoadIngester;
import dev.pegasus.server.replica.Lease;
import dev.pegasus.server.replica.MetaSync;
import dev.pegasus.server.replica.ProposalMessages;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.PartitionWorkers;
import dev.pegasus.server.replica.ReplicaOptions;
import dev.pegasus.server.replica.ReplicaRegistry;
import dev.pegasus.server.replica.ReplicaServices;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.duplication.DuplicationShipping;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.InMemoryMutationLog;
import dev.pegasus.server.replica.log.LogReadBack;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreDirectories;
import dev.pegasus.server.sim.SimMessages.Beacon;
import dev.pegasus.server.sim.SimMessages.BeaconReply;
import dev.pegasus.server.sim.SimMessages.Cas;
import dev.pegasus.server.sim.SimMessages.ClientReply;
import dev.pegasus.server.sim.SimMessages.ClientRequest;
import dev.pegasus.server.sim.SimMessages.Read;
import dev.pegasus.server.sim.SimMessages.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import dev.pegasus.server.replica.storage.WriteExecutor;
import dev.pegasus.server.replica.storage.Prepared;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.log.ReplayReport;
import java.util.function.Consumer;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A simulated replica server: the production {@link ReplicaRegistry} and {@link PartitionReplica}s
 * (with their {@code ReplicaCore}s, {@code WriteExecutor}s and RocksDB stores, in a directory of their
 * own) wired to the simulation: its network, its clock (the lease), its scheduler
 * ({@link SimPartitionWorkers}) and the log's in-memory twin (group commit). It holds no protocol or
 * driver logic of its own; what it adds is the fault of a crash, which loses unsynced log records and
 * what the stores had not flushed.
 */
final class SimReplicaServer {
    static final long LEASE_MILLIS = 1000;
    private static final long TICK_MILLIS = 10;
    private static final long BEACON_MILLIS = 100;
    private static final long SHIPPING_ROUND_MILLIS = 50;
    /** What the servers' wall clocks read when the simulation starts: 2026-01-01T00:00:00Z. */
    private static final long EPOCH_MICROS = 1_767_225_600_000_000L;
    /** Small, so that log garbage collection deletes segments now and then. */
    private static final long LOG_SEGMENT_BYTES = 16 << 10;

    private final RpcAddress address;
    private final MetaServers metas;
    private final Simulation sim;
    private final SimNetwork network;
    private final Invariants invariants;
    private final CoreOptions options;
    private final Path dataDir;
    private final StorageEnvironment storage;
    private final ReplicaOptions replicaOptions;
    /** The real log's in-memory twin: appends become durable at the next group commit; a crash loses the rest. */
    private final InMemoryMutationLog log = new InMemoryMutationLog(LOG_SEGMENT_BYTES);
    private final MutationLog groupCommitted = new GroupCommittedLog();
    private final BulkLoadIngester ingester;
    /** The other clusters, by the meta servers a duplication names: where this server's primaries ship. */
    private final Map<List<String>, SimMetaGroup> remoteClusters;
    /** How far this server's wall clock runs ahead of the simulation's (behind when negative). */
    private final long clockSkewMillis;
    private boolean up;
    private long incarnation;
    private boolean groupCommitScheduled;
    private long nextProposalId;
    private long nextCheckpointId;
    // One life of the process: rebuilt by every start.
    private SimPartitionWorkers workers;
    private Lease lease;
    private ReplicaRegistry replicas;
    private SimRemoteWrites remoteWrites;
    private DuplicationShipping duplications;
    private final Map<Long, CompletableFuture<Optional<PartitionConfig>>> proposals = new HashMap<>();

    SimReplicaServer(RpcAddress address, List<RpcAddress> metas, Simulation sim, SimNetwork network, Invariants invariants,
            CoreOptions options, Path dataDir, StorageEnvironment storage) {
        this(address, metas, sim, network, invariants, options, dataDir, storage, Map.of(), 0);
    }

    SimReplicaServer(RpcAddress address, List<RpcAddress> metas, Simulation sim, SimNetwork network, Invariants invariants,
            CoreOptions options, Path dataDir, StorageEnvironment storage,
            Map<List<String>, SimMetaGroup> remoteClusters, long clockSkewMillis) {
        this.remoteClusters = remoteClusters;
        this.clockSkewMillis = clockSkewMillis;
        this.address = address;
        this.metas = new MetaServers(metas);
        this.sim = sim;
        this.network = network;
        this.invariants = invariants;
        this.options = options;
        this.dataDir = dataDir;
        this.storage = storage;
        this.replicaOptions = ReplicaOptions.of("127.0.0.1", address.port(), metas, dataDir);
        this.ingester = new BulkLoadIngester(new BulkLoadFiles(dataDir.resolve("bulk_load"), new Bandwidth(1L << 30)));
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
        return up && replicas.get(gpid).filter(replica -> replica.report().status() == Role.Status.PRIMARY
                && replica.report().ballot() == ballot && replica.holdsEveryAcknowledgedWrite()).isPresent();
    }

    /** The records of its replica of the partition, storage key to value, if it serves it as primary at the ballot. */
    Optional<Map<String, String>> contentsServed(Gpid gpid, long ballot) {
        return servesAsPrimary(gpid, ballot) ? replicas.get(gpid).map(replica -> StoreContents.of(replica.store()))
                : Optional.empty();
    }

    /** Each replica's report while the server is up; none while it is down. */
    Map<Gpid, PartitionReplica.Report> reports() {
        if (!up) {
            return Map.of();
        }
        Map<Gpid, PartitionReplica.Report> reports = new HashMap<>();
        replicas.all().forEach(replica -> reports.put(replica.gpid(), replica.report()));
        return reports;
    }

    /** Starts (or restarts) the process: opens every replica on disk and replays the log over its store. */
    void start() {
        trace(() -> "START");
        up = true;
        incarnation = sim.now() + 1;
        network.setDown(address, false);
        workers = new SimPartitionWorkers(sim);
        lease = new Lease(() -> sim.now() * 1_000_000);
        try {
            replicas = new ReplicaRegistry(dataDir, storage, replicaOptions, options, new Services());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        remoteWrites = new SimRemoteWrites(address, sim, network, remoteClusters);
        ReplicaRegistry registry = replicas;
        duplications = new DuplicationShipping(registry::all, () -> groupCommitted, registry::logHistoryStart,
                registry::clusterId, sim::now, remoteWrites, Bandwidth.UNLIMITED);
        replicas.keepInLog(duplications::keepFrom);
        replicas.openStored(groupCommitted);
        long started = incarnation;
        repeat(TICK_MILLIS, started, this::tick);
        repeat(BEACON_MILLIS, started, this::beacon);
        repeat(SHIPPING_ROUND_MILLIS, started, duplications::round);
        repeat(sim.between(500, 1500), started, () -> replicas.flushAndCollectLogGarbage(groupCommitted));
    }

    /**
     * kill -9: everything in memory is gone, unsynced log records and what the stores had not flushed
     * (they run without a write-ahead log of their own, and a close does not flush them).
     */
    void crash() {
        trace(() -> "CRASH");
        up = false;
        network.setDown(address, true);
        workers.close();
        log.crash();
        duplications.close();
        replicas.close();
        proposals.clear();
        groupCommitScheduled = false;
    }

    private boolean alive(long life) {
        return up && incarnation == life;
    }

    private void repeat(long period, long life, Runnable action) {
        sim.schedule(period, () -> {
            if (alive(life)) {
                action.run();
                repeat(period, life, action);
            }
        });
    }

    private void tick() {
        replicas.tick();
        for (PartitionReplica replica : replicas.all()) {
            if (replica.report().status() == Role.Status.PRIMARY) {
                invariants.primary(address, replica.gpid(), replica.report().ballot());
            }
        }
    }

    private void beacon() {
        network.send(address, metas.forNextRound(), new Beacon(new config_sync_request(address.pack(),
                replicas.reports(), incarnation).setDuplications(duplications.reports()), sim.now()));
    }

    private void receive(RpcAddress from, Object message) {
        if (!up) {
            return;
        }
        if (message instanceof ReplicaMessage replicaMessage) {
            replicas.forMessage(replicaMessage).ifPresent(replica -> inOrder(replica, () -> {
                replica.onMessage(from, replicaMessage);
                trace(() -> "from " + from + ": " + replicaMessage + " -> " + replica.report());
            }));
        } else if (message instanceof BeaconReply reply) {
            metas.answered();
            onBeaconReply(reply);
        } else if (message instanceof SimMessages.NotLeader notLeader) {
            RpcAddress next = metas.notLeader(from);
            if (notLeader.refused() instanceof SimMessages.Proposal proposal && proposals.containsKey(proposal.id())) {
                network.send(address, next, proposal);
            }
        } else if (message instanceof SimMessages.ProposalAnswer answer) {
            Optional.ofNullable(proposals.remove(answer.id())).ifPresent(pending ->
                    pending.complete(ProposalMessages.configIn(answer.response())));
        } else if (message instanceof SimMessages.InstallCheckpoint install) {
            install(from, install);
        } else if (message instanceof SimMessages.CheckpointInstalled installed) {
            replicas.get(installed.gpid()).ifPresent(replica -> inOrder(replica, () ->
                    replica.onCheckpointShipped(from, installed.decree())));
        } else if (message instanceof ClientRequest request) {
            serve(from, request);
        } else if (message instanceof SimMessages.Duplicate duplicate) {
            applyShipped(from, duplicate);
        } else if (message instanceof ClientReply reply) {
            remoteWrites.onReply(reply);
        }
    }

    private void inOrder(PartitionReplica replica, Runnable step) {
        workers.submit(replica.gpid(), () -> {
            if (!replica.isClosed()) {
                step.run();
            }
        });
    }

    /** As the real server acts on its config sync: the replicas take the answer, then the lease is renewed. */
    private void onBeaconReply(BeaconReply reply) {
        config_sync_response response = reply.response();
        if (response.getStart_time_ms() != incarnation) {
            return;
        }
        CompletableFuture<Void> applied = MetaSync.applyToReplicas(response, replicas, workers,
                (gpid, table, config) -> false);
        duplications.onTasks(response.isSetDuplication_tasks() ? response.getDuplication_tasks() : List.of());
        applied.thenRun(() -> lease.renew(reply.beaconSentAt() * 1_000_000, response.getLease_ms()));
    }

    /** The learner's side of a checkpoint transfer: copies the shipped files, then installs them. */
    private void install(RpcAddress primary, SimMessages.InstallCheckpoint install) {
        Path staged = dataDir.resolve("learning").resolve(install.gpid() + "." + nextCheckpointId++);
        try {
            copyDirectory(install.dir(), staged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trace(() -> "installing a checkpoint of " + install.gpid() + " at decree " + install.decree());
        boolean installed = workers.call(install.gpid(), () ->
                replicas.installCheckpoint(install.gpid(), install.decree(), staged)).join();
        if (installed) {
            invariants.checkpointInstalled();
            network.send(address, primary, new SimMessages.CheckpointInstalled(install.gpid(), install.decree()));
        } else {
            deleteQuietly(staged);
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            StoreDirectories.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- clients

    private void serve(RpcAddress client, ClientRequest request) {
        Optional<PartitionReplica> found = replicas.get(request.gpid()).filter(replica -> !replica.isClosed());
        if (found.isEmpty()) {
            reply(client, request.id(), SimMessages.FAILED, null);
            return;
        }
        PartitionReplica replica = found.get();
        byte[] hashKey = request.op().key().getBytes(StandardCharsets.UTF_8);
        try {
            replica.checkKeyHash(PartitionHash.of(hashKey, new byte[0]));
            if (request.op() instanceof Read) {
                Optional<byte[]> value = replica.read(store -> store.get(KeySchema.encode(hashKey, new byte[0])));
                reply(client, request.id(), SimMessages.OK,
                        value.map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null));
                return;
            }
        } catch (RpcException e) {
            reply(client, request.id(), SimMessages.FAILED, null);
            return;
        }
        if (request.op() instanceof Write write) {
            update_request put = new update_request().setKey(KeySchema.encode(hashKey, new byte[0]))
                    .setValue(write.value().getBytes(StandardCharsets.UTF_8));
            write(replica, client, request.id(), executor -> executor.put(put), false, response -> null);
        } else if (request.op() instanceof Cas cas) {
            check_and_set_request checkAndSet = new check_and_set_request().setHash_key(hashKey)
                    .setCheck_sort_key(new byte[0]).setSet_sort_key(new byte[0])
                    .setCheck_type(cas.expected() == null ? cas_check_type.CT_VALUE_NOT_EXIST
                            : cas_check_type.CT_VALUE_BYTES_EQUAL)
                    .setCheck_operand(cas.expected() == null ? new byte[0]
                            : cas.expected().getBytes(StandardCharsets.UTF_8))
                    .setSet_value(cas.value().getBytes(StandardCharsets.UTF_8));
            write(replica, client, request.id(), executor -> executor.checkAndSet(checkAndSet), true,
                    (check_and_set_response response) -> response.getError() == StorageStatus.OK);
        }
    }

    /** As the key-value service takes writes another cluster's duplication shipped. */
    private void applyShipped(RpcAddress sender, SimMessages.Duplicate duplicate) {
        Optional<PartitionReplica> found = replicas.get(duplicate.gpid()).filter(replica -> !replica.isClosed());
        try {
            found.orElseThrow(() -> new RpcException(ErrorCode.ERR_OBJECT_NOT_FOUND, "no replica"))
                    .checkKeyHashes(duplicate.request());
        } catch (RpcException e) {
            reply(sender, duplicate.id(), SimMessages.FAILED, address + " " + duplicate.gpid() + ": " + e.getMessage());
            return;
        }
        write(found.get(), sender, duplicate.id(), executor -> executor.duplicate(duplicate.request()), true,
                response -> response);
    }

    /** As the key-value service runs a write: in the partition's order; the answer when it commits or fails. */
    private <R> void write(PartitionReplica replica, RpcAddress client, long requestId,
            Function<WriteExecutor, Prepared<R>> operation,
            boolean readsState, Function<R, Object> result) {
        long life = incarnation;
        CompletableFuture<R> answer = new CompletableFuture<>();
        inOrder(replica, () -> replica.write(operation, readsState, (response, decree) -> { }, answer));
        answer.whenComplete((response, failure) -> {
            if (!alive(life)) {
                return;
            }
            if (failure == null) {
                reply(client, requestId, SimMessages.OK, result.apply(response));
            } else {
                boolean inDoubt = failure instanceof RpcException rpc && rpc.code() == ErrorCode.ERR_TIMEOUT;
                reply(client, requestId, inDoubt ? SimMessages.UNKNOWN : SimMessages.FAILED, null);
            }
        });
    }

    private void reply(RpcAddress client, long requestId, String outcome, Object result) {
        network.send(address, client, new ClientReply(requestId, outcome, result));
    }

    // ---------------------------------------------------------------- adapters

    /** What the replicas get from their server, made of the simulation's pieces. */
    private final class Services implements ReplicaServices {
        @Override
        public RpcAddress self() {
            return address;
        }

        @Override
        public long life() {
            return incarnation;
        }

        @Override
        public PartitionWorkers workers() {
            return workers;
        }

        @Override
        public MutationLog log() {
            return groupCommitted;
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public void send(RpcAddress to, ReplicaMessage message) {
            network.send(address, to, message);
        }

        @Override
        public CompletableFuture<Optional<PartitionConfig>> propose(Gpid gpid, ConfigProposal proposal, String reason) {
            long id = nextProposalId++;
            CompletableFuture<Optional<PartitionConfig>> answer = new CompletableFuture<>();
            proposals.put(id, answer);
            network.send(address, metas.current(), new SimMessages.Proposal(ProposalMessages.request(gpid, address,
                    proposal), id));
            return answer;
        }

        /** The checkpoint is made here, on the replica's worker; the learner copies its files. */
        @Override
        public void shipCheckpoint(PartitionReplica replica, RpcAddress learner) {
            StoreCheckpoint checkpoint = replica.store().createCheckpoint(dataDir.resolve("checkpoints")
                    .resolve(replica.gpid() + "." + learner.port() + "." + nextCheckpointId++));
            network.send(address, learner, new SimMessages.InstallCheckpoint(replica.gpid(), checkpoint.dir(),
                    checkpoint.decree()));
        }

        @Override
        public long nowMillis() {
            return sim.now();
        }

        /** The server's wall clock, which stamps timetags: the simulation's time, off by the server's skew. */
        @Override
        public StorageClock storageClock() {
            return () -> EPOCH_MICROS + (sim.now() + clockSkewMillis) * 1000;
        }

        @Override
        public BulkLoadIngester ingester() {
            return ingester;
        }

        @Override
        public Path storeDir(Gpid gpid) {
            return replicas.dirOf(gpid);
        }

        /** Opened by a later event, as the real server opens it on a background thread. */
        @Override
        public void childCreated(Gpid child) {
            long life = incarnation;
            trace(() -> "split made child " + child);
            sim.schedule(0, () -> {
                if (alive(life)) {
                    PartitionStore store = replicas.getOrOpen(child).store();
                    invariants.childCopied(address, child, store.lastAppliedDecree(), StoreContents.of(store));
                }
            });
        }

        @Override
        public void applied(Gpid gpid, LoggedMutation mutation) {
            trace(() -> "apply " + gpid + " " + mutation);
            invariants.applied(address, gpid, mutation);
            duplications.onApplied(gpid, mutation);
        }
    }

    /** The log's twin, whose appends are made durable by a group commit a few milliseconds later. */
    private final class GroupCommittedLog implements MutationLog {
        @Override
        public CompletableFuture<Void> append(LogRecord record, boolean durable) {
            CompletableFuture<Void> appended = log.append(record, durable);
            scheduleGroupCommit();
            return appended;
        }

        @Override
        public ReplayReport replay(
                Consumer<LogRecord> visitor) {
            return log.replay(visitor);
        }

        @Override
        public int collectGarbage(Map<Gpid, Long> durableDecrees, Set<Gpid> forgotten) {
            return log.collectGarbage(durableDecrees, forgotten);
        }

        @Override
        public LogReadBack readFrom(Gpid gpid, long fromDecree, long maxPayloadBytes) {
            return log.readFrom(gpid, fromDecree, maxPayloadBytes);
        }

        @Override
        public long sizeBytes() {
            return log.sizeBytes();
        }

        @Override
        public void close() {
            log.close();
        }
    }

    private void scheduleGroupCommit() {
        if (groupCommitScheduled) {
            return;
        }
        groupCommitScheduled = true;
        long life = incarnation;
        sim.schedule(sim.between(1, 4), () -> {
            if (alive(life)) {
                groupCommitScheduled = false;
                log.flush();
            }
        });
    }

    /** {@code -Dsim.trace=true} prints what each server does, to follow a failing seed. */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    private void trace(Supplier<String> what) {
        if (TRACE) {
            System.out.println(sim.now() + " " + address + ": " + what.get());
        }
    }
}
