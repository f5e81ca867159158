package dev.pegasus.server.meta;

import dev.pegasus.server.DaemonThreads;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.HostPorts;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.protocol.ThriftFields;
import dev.pegasus.protocol.thrift.*;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.thrift.TBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta server: serves its {@link MetaControlPlane} — routes and DDL from state kept in ZooKeeper,
 * replicas handed to replica servers in answer to their periodic config syncs (which double as beacons
 * and lease requests), every partition kept replicated by the {@link GuardianLoop} and the primaries'
 * own proposals ({@link ProposalHandler}) — over RPC, on its threads and the system clocks.
 *
 * <p>Several meta servers may run; they elect one leader through ZooKeeper ({@link MetaLeadership}).
 * Only the leader loads the state and answers; the others answer every request with the frame error
 * ERR_FORWARD_TO_OTHERS, and clients and replica servers move on to the next meta server in their list.
 *
 * <p>DDL, configuration changes (guardian rounds, primaries' proposals), cluster_info and the take-over
 * run on one thread because they block on ZooKeeper (and so never overlap); route queries and syncs
 * are answered from memory on the network threads.
 */
public final class MetaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaServer.class);

    private final MetaOptions options;
    private final CuratorFramework zk;
    private final MetaControlPlane plane;
    private final NodeRegistry nodes;
    private final TableManager tables;
    private final BackupCoordinator backups;
    private final BackupPolicies policies;
    private final RestoreCoordinator restores;
    private final BulkLoadCoordinator bulkLoads;
    private final SplitCoordinator splits;
    private final BalanceService balance;
    private final ForcedRecovery recovery;
    private final DuplicationCoordinator duplications;
    private final FullDuplicationCopies fullDuplicationCopies;
    private final MetaLeadership leadership;
    private final RpcServer rpcServer;
    private final ScheduledExecutorService ddl = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-ddl"));
    /** Backups, restores and bulk loads: they wait on ZooKeeper and on file stores, and must not hold up DDL. */
    private final ScheduledExecutorService backupThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-backup"));
    /** Duplications: adding one asks the remote cluster, which must not hold up DDL. */
    private final ScheduledExecutorService duplicationThread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("meta-duplication"));
    private InetSocketAddress address;

    /** @throws IllegalArgumentException for port 0: the address is this server's identity in the election */
    public MetaServer(MetaOptions options) {
        if (options.port() <= 0) {
            throw new IllegalArgumentException("a meta server needs a fixed port, not " + options.port()
                    + ": clients and replica servers know it by its address");
        }
        this.options = options;
        this.zk = CuratorFrameworkFactory.builder().connectString(options.zookeeper())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 2000))
                .sessionTimeoutMs((int) options.zookeeperSessionTimeout().toMillis()).connectionTimeoutMs(5_000)
                .build();
        this.rpcServer = new RpcServer("meta", 2, 64 << 20);
        // The participant id is the address clients and replica servers know this server by.
        this.leadership = new MetaLeadership(zk, options.leaderLatchPath(), options.host() + ":" + options.port(), ddl,
                this::takeOver);
        this.plane = new MetaControlPlane(new MetaStateStore(zk, options.zookeeperRoot(), leadership), options,
                System::nanoTime, System::currentTimeMillis, FileStores::open, new ClientRemoteClusters());
        this.nodes = plane.nodes;
        this.tables = plane.tables;
        this.backups = plane.backups;
        this.policies = plane.policies;
        this.restores = plane.restores;
        this.bulkLoads = plane.bulkLoads;
        this.splits = plane.splits;
        this.balance = plane.balance;
        this.recovery = plane.recovery;
        this.duplications = plane.duplications;
        this.fullDuplicationCopies = new FullDuplicationCopies(duplications, backups,
                (table, root) -> backupThread.submit(() -> backups.start(table, root, Optional.empty())).get(),
                tables, plane.remotes, options.duplication());
    }

    /**
     * Binds the RPC port and joins the leader election. Returns at once: the server answers
     * ERR_FORWARD_TO_OTHERS until it is the leader and has loaded the state.
     */
    public InetSocketAddress start() throws Exception {
        zk.start();
        if (!zk.blockUntilConnected(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot reach ZooKeeper at " + options.zookeeper());
        }
        serveClients(RpcMethods.CM_QUERY_CONFIG, query_cfg_response::new, request -> done(plane.route(request)));
        serve(RpcMethods.CM_CONFIG_SYNC, request -> done(plane.answerSync(request)));
        serve(RpcMethods.CM_UPDATE_PARTITION, request -> onDdlThread(() -> plane.propose(request)));
        serveClients(RpcMethods.CM_LIST_APPS, configuration_list_apps_response::new,
                request -> done(tables.list(request)));
        serve(RpcMethods.CM_LIST_NODES, request -> done(listNodes(request)));
        serve(RpcMethods.CM_CLUSTER_INFO, request -> onDdlThread(this::clusterInfo));
        serveClients(RpcMethods.CM_CREATE_APP, configuration_create_app_response::new,
                request -> onDdlThread(() -> tables.create(request))
                .thenCompose(this::awaitServed));
        serveClients(RpcMethods.CM_DROP_APP, configuration_drop_app_response::new,
                request -> onDdlThread(() -> tables.drop(request)));
        serve(RpcMethods.CM_RECALL_APP, request -> onDdlThread(() -> tables.recall(request)));
        serve(RpcMethods.CM_UPDATE_APP_ENV, request -> onDdlThread(() -> tables.updateEnv(request)));
        serve(RpcMethods.CM_START_BACKUP_APP, request -> on(backupThread, () -> backups.start(request)));
        serve(RpcMethods.CM_QUERY_BACKUP_STATUS, request -> done(backups.status(request)));
        serve(RpcMethods.CM_BACKUP_POLICY, request -> on(backupThread, () -> policies.handle(request)));
        serve(RpcMethods.CM_START_RESTORE, request -> on(backupThread, () -> restores.start(request)));
        serve(RpcMethods.CM_QUERY_RESTORE_STATUS, request -> done(restores.status(request)));
        serve(RpcMethods.CM_START_BULK_LOAD, request -> on(backupThread, () -> bulkLoads.start(request)));
        serve(RpcMethods.CM_QUERY_BULK_LOAD, request -> done(bulkLoads.status(request)));
        serve(RpcMethods.CM_CONTROL_BULK_LOAD, request -> on(backupThread, () -> bulkLoads.control(request)));
        serve(RpcMethods.CM_CONTROL_META, request -> onDdlThread(() -> balance.control(request)));
        serve(RpcMethods.CM_START_SPLIT, request -> onDdlThread(() -> splits.start(request)));
        serve(RpcMethods.CM_CONTROL_SPLIT, request -> onDdlThread(() -> splits.control(request)));
        serve(RpcMethods.CM_QUERY_SPLIT, request -> done(splits.status(request)));
        serve(RpcMethods.CM_BALANCE_PLAN, request -> onDdlThread(balance::plan));
        serve(RpcMethods.CM_DECOMMISSION_NODE, request -> onDdlThread(() -> balance.decommission(request)));
        serve(RpcMethods.CM_FORCE_RECOVERY, request -> onDdlThread(() -> recovery.handle(request)));
        serve(RpcMethods.CM_ADD_DUPLICATION, request -> on(duplicationThread, () -> duplications.add(request))
                .thenCompose(this::awaitStarted));
        serve(RpcMethods.CM_MODIFY_DUPLICATION, request -> on(duplicationThread, () -> duplications.modify(request)));
        serve(RpcMethods.CM_QUERY_DUPLICATION, request -> done(duplications.query(request)));
        address = rpcServer.start(new InetSocketAddress(options.host(), options.port()));
        leadership.start();
        ddl.scheduleWithFixedDelay(this::removeExpiredTables, 10, 10, TimeUnit.SECONDS);
        long check = options.guardian().checkInterval().toMillis();
        ddl.scheduleWithFixedDelay(this::guardPartitions, check, check, TimeUnit.MILLISECONDS);
        ddl.scheduleWithFixedDelay(this::advanceSplits, check, check, TimeUnit.MILLISECONDS);
        long balance = options.balancer().interval().toMillis();
        ddl.scheduleWithFixedDelay(this::balance, balance, balance, TimeUnit.MILLISECONDS);
        long round = options.backupRound().toMillis();
        backupThread.scheduleWithFixedDelay(this::advanceBackups, round, round, TimeUnit.MILLISECONDS);
        long bulkLoadRound = options.bulkLoadRound().toMillis();
        backupThread.scheduleWithFixedDelay(this::advanceBulkLoads, bulkLoadRound, bulkLoadRound,
                TimeUnit.MILLISECONDS);
        long duplicationRound = options.duplicationRound().toMillis();
        duplicationThread.scheduleWithFixedDelay(this::advanceDuplications, duplicationRound, duplicationRound,
                TimeUnit.MILLISECONDS);
        return address;
    }

    /** Registers a handler that only the serving leader runs; any other meta server redirects. */
    private <Req, Resp> void serve(RpcMethod<Req, Resp> method, Function<Req, CompletableFuture<Resp>> handler) {
        rpcServer.register(method, (context, request) -> {
            leadership.checkServing();
            return handler.apply(request);
        });
    }

    /**
     * Registers a request Apache Pegasus's clients send (route queries, create, drop and list tables):
     * a meta server that does not serve answers it as Apache Pegasus does, in the response's {@code err}
     * — ERR_FORWARD_TO_OTHERS with the leader, when known, as the primary of the first partition (where
     * those clients look for it), or ERR_SERVICE_NOT_ACTIVE from a leader still loading its state — since
     * those clients follow the leader only by the response, and give up at an error in the frame.
     */
    private <Req, Resp extends TBase<?, ?>> void serveClients(RpcMethod<Req, Resp> method, Supplier<Resp> empty,
            Function<Req, CompletableFuture<Resp>> handler) {
        rpcServer.register(method, (context, request) -> {
            if (!leadership.isServing()) {
                return done(notServing(empty.get()));
            }
            // Leadership may be lost while the request runs: that refusal goes in the body too.
            return handler.apply(request).exceptionallyCompose(failure -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return cause instanceof RpcException refused && refused.code() == ErrorCode.ERR_FORWARD_TO_OTHERS
                        ? done(notServing(empty.get())) : CompletableFuture.failedFuture(cause);
            });
        });
    }

    private <Resp extends TBase<?, ?>> Resp notServing(Resp response) {
        Optional<String> leader = leadership.leader();
        boolean loading = leader.filter(leadership.id()::equals).isPresent();
        ThriftFields.set(response, "err", (loading ? ErrorCode.ERR_SERVICE_NOT_ACTIVE
                : ErrorCode.ERR_FORWARD_TO_OTHERS).name());
        ThriftFields.set(response, "hint_message", loading ? "meta server " + leadership.id()
                + " leads but is still loading the cluster state" : "meta server " + leadership.id()
                + " is not the leader" + leader.map(id -> "; the leader is " + id).orElse(""));
        if (response instanceof query_cfg_response route && !loading && leader.isPresent()) {
            route.setPartitions(new ArrayList<>(List.of(HostPorts.addTo(new partition_configuration()
                    .setPrimary(RpcAddress.parse(leader.get()).pack())))));
        }
        return response;
    }

    /**
     * Runs on the DDL thread when this server has won the election: replaces whatever it knew with the
     * state in ZooKeeper, which a previous leader may have changed since.
     */
    private void takeOver() throws Exception {
        plane.takeOver();
    }

    /** One round of backups and policies, on the leader only; a failed round is retried at the next. */
    private void advanceBackups() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            backups.advance();
            policies.runDue();
        } catch (RpcException e) {
            LOG.info("backup round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("backup round failed; retrying in {}", options.backupRound(), e);
        }
    }

    /**
     * Moves the checkpoint copies of full duplications on and stores the duplications' progress, on the
     * leader only; a failed round is retried at the next.
     */
    private void advanceDuplications() {
        if (!leadership.isServing()) {
            return;
        }
        fullDuplicationCopies.advance();
        try {
            duplications.storeProgress();
        } catch (RpcException e) {
            LOG.info("duplication round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("duplication round failed; retrying in {}", options.duplicationRound(), e);
        }
    }

    /**
     * Answers dup add once every primary of the table has said where it starts shipping, so the writes
     * acknowledged after the answer are duplicated; after the create wait it answers anyway, saying so.
     */
    private CompletableFuture<duplication_add_response> awaitStarted(duplication_add_response added) {
        if (!ErrorCode.ERR_OK.name().equals(added.getErr())) {
            return CompletableFuture.completedFuture(added);
        }
        return awaitUntil(duplicationThread, () -> duplications.started(added.getDupid()), added, () -> {
            String late = "not every primary of duplication " + added.getDupid() + " has started after "
                    + options.createWait() + ": writes of the partitions that have not are shipped from the"
                    + " decree their primary reaches when it starts";
            LOG.warn(late);
            return added.deepCopy().setHint(added.getHint() + "; " + late);
        });
    }

    /** One round of bulk loads, on the leader only; a failed round is retried at the next. */
    private void advanceBulkLoads() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            bulkLoads.advance();
        } catch (RpcException e) {
            LOG.info("bulk load round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("bulk load round failed; retrying in {}", options.bulkLoadRound(), e);
        }
    }

    /** One guardian round, on the leader only; a failed round is retried at the next interval. */
    private void guardPartitions() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            plane.guardPartitions();
        } catch (RpcException e) {
            LOG.info("guardian round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("guardian round failed; retrying in {}", options.guardian().checkInterval(), e);
        }
    }

    /** One round of partition splits, on the leader only; a failed round is retried at the next interval. */
    private void advanceSplits() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            plane.advanceSplits();
        } catch (RpcException e) {
            LOG.info("split round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("split round failed; retrying in {}", options.guardian().checkInterval(), e);
        }
    }

    /** One balancing round, on the leader only; a failed round is retried at the next interval. */
    private void balance() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            plane.balance();
        } catch (RpcException e) {
            LOG.info("balancing round stopped: {}", e.getMessage());
        } catch (Exception e) {
            LOG.warn("balancing round failed; retrying in {}", options.balancer().interval(), e);
        }
    }

    private configuration_list_nodes_response listNodes(configuration_list_nodes_request request) {
        List<node_info> infos = new ArrayList<>();
        for (Map.Entry<RpcAddress, Boolean> node : nodes.all().entrySet()) {
            node_status status = node.getValue() ? node_status.NS_ALIVE : node_status.NS_UNALIVE;
            if (request.getStatus() == null || request.getStatus() == node_status.NS_INVALID
                    || request.getStatus() == status) {
                node_info info = new node_info(status, node.getKey().pack()).setHp_node(HostPorts.of(node.getKey().pack()));
                nodes.disk(node.getKey()).ifPresent(disk -> info.setDisk(new disk_space(disk.freeBytes(),
                        disk.totalBytes(), disk.low(), disk.path())));
                infos.add(info);
            }
        }
        return new configuration_list_nodes_response().setErr(ErrorCode.ERR_OK.name()).setInfos(infos);
    }

    /** Only the serving leader answers, so the primary meta server is this one. */
    private configuration_cluster_info_response clusterInfo() throws Exception {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        keys.add("meta_servers");
        values.add(String.join(",", leadership.participants()));
        keys.add("primary_meta_server");
        values.add(leadership.id());
        keys.add("cluster_name");
        values.add(options.clusterName());
        keys.add(ClientRemoteClusters.CLUSTER_ID_KEY);
        values.add(Integer.toString(options.duplication().clusterId()));
        keys.add("zookeeper_hosts");
        values.add(options.zookeeper());
        keys.add("zookeeper_root");
        values.add(options.zookeeperRoot());
        keys.add("alive_nodes");
        values.add(Integer.toString(nodes.alive().size()));
        tables.summary().forEach((key, value) -> {
            keys.add(key);
            values.add(value);
        });
        return new configuration_cluster_info_response().setErr(ErrorCode.ERR_OK.name()).setKeys(keys)
                .setValues(values);
    }

    /** Answers create_app once every new partition is served, or after the create wait with ERR_TIMEOUT. */
    private CompletableFuture<configuration_create_app_response> awaitServed(configuration_create_app_response created) {
        if (!ErrorCode.ERR_OK.name().equals(created.getErr())) {
            return CompletableFuture.completedFuture(created);
        }
        // A leader deposed meanwhile hears no more syncs; the table is stored, so the client's wait for
        // its primaries carries on at the new leader.
        return awaitUntil(ddl, () -> tables.unserved(created.getAppid()).isEmpty(), created, () -> {
            List<Gpid> unserved = tables.unserved(created.getAppid());
            String table = created.isSetHint_message() ? created.getHint_message() : "table created";
            return created.deepCopy().setErr(ErrorCode.ERR_TIMEOUT.name()).setHint_message(table + ", but "
                    + unserved.size() + " partitions have no serving primary after " + options.createWait() + ": "
                    + unserved.stream().map(gpid -> gpid + " (" + plane.problemOf(gpid)
                            .orElse("its primary has not reported serving") + ")").toList());
        });
    }

    /**
     * Checks {@code done} on {@code thread} every 50 ms: answers {@code answer} once it holds or this
     * server stops serving, or what {@code late} makes after the create wait.
     */
    private <T> CompletableFuture<T> awaitUntil(ScheduledExecutorService thread, BooleanSupplier done, T answer,
            Supplier<T> late) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + options.createWait().toNanos();
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (done.getAsBoolean() || !leadership.isServing()) {
                result.complete(answer);
            } else if (System.nanoTime() > deadline) {
                result.complete(late.get());
            } else {
                thread.schedule(check[0], 50, TimeUnit.MILLISECONDS);
            }
        };
        thread.execute(check[0]);
        return result;
    }

    private void removeExpiredTables() {
        if (!leadership.isServing()) {
            return;
        }
        try {
            tables.removeExpiredDropped();
        } catch (Exception e) {
            LOG.warn("could not remove expired dropped tables: {}", e.toString());
        }
    }

    private interface Ddl<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> onDdlThread(Ddl<T> operation) {
        return on(ddl, operation);
    }

    private <T> CompletableFuture<T> on(ScheduledExecutorService thread, Ddl<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                leadership.checkServing();
                result.complete(operation.run());
            } catch (RpcException e) {
                result.completeExceptionally(e);
            } catch (Exception e) {
                LOG.error("DDL failed", e);
                result.completeExceptionally(new RpcException(ErrorCode.ERR_ZOOKEEPER_OPERATION, e.toString(), e));
            }
        });
        return result;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The ZooKeeper client, for tests in this package that end its session. */
    CuratorFramework zookeeperClient() {
        return zk;
    }

    @Override
    public void close() {
        leadership.close();
        rpcServer.close();
        ddl.shutdownNow();
        backupThread.shutdownNow();
        duplicationThread.shutdownNow();
        zk.close();
    }

}
