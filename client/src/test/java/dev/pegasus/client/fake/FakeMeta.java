package dev.pegasus.client.fake;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcHandler;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.protocol.thrift.*;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A meta server over the fake cluster's state, or a follower that redirects everything. */
public final class FakeMeta implements AutoCloseable {
    private final RpcServer server;
    private final RpcAddress address;
    private final FakeCluster cluster;
    private final AtomicInteger queryConfigCalls = new AtomicInteger();
    private volatile int newTablesReadyAfterQueries = 2;

    private FakeMeta(String name, FakeCluster cluster) {
        this.cluster = cluster;
        this.server = new RpcServer(name, 1, 16 << 20);
        if (cluster == null) {
            registerFollower();
        } else {
            registerLeader();
        }
        this.address = start(server);
    }

    static FakeMeta leader(FakeCluster cluster) {
        return new FakeMeta("fake-meta", cluster);
    }

    static FakeMeta follower() {
        return new FakeMeta("fake-meta-follower", null);
    }

    static RpcAddress start(RpcServer server) {
        try {
            InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
            return RpcAddress.parse("127.0.0.1:" + bound.getPort());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RpcAddress address() {
        return address;
    }

    /** Created tables report no primaries for this many query-config answers (replicas still opening). */
    public void newTablesReadyAfterQueries(int queries) {
        this.newTablesReadyAfterQueries = queries;
    }

    public int queryConfigCalls() {
        return queryConfigCalls.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private <Req, Resp> void on(RpcMethod<Req, Resp> method, java.util.function.Function<Req, Resp> handler) {
        RpcHandler<Req, Resp> async = (context, request) -> {
            synchronized (cluster) {
                return CompletableFuture.completedFuture(handler.apply(request));
            }
        };
        server.register(method, async);
    }

    private void registerFollower() {
        server.register(RpcMethods.CM_QUERY_CONFIG, (context, request) -> {
            queryConfigCalls.incrementAndGet();
            query_cfg_response response = new query_cfg_response();
            response.setErr(ErrorCode.ERR_FORWARD_TO_OTHERS.name());
            return CompletableFuture.completedFuture(response);
        });
        for (RpcMethod<?, ?> method : List.of(RpcMethods.CM_CREATE_APP, RpcMethods.CM_DROP_APP,
                RpcMethods.CM_RECALL_APP, RpcMethods.CM_LIST_APPS, RpcMethods.CM_LIST_NODES,
                RpcMethods.CM_CLUSTER_INFO, RpcMethods.CM_UPDATE_APP_ENV)) {
            redirect(method);
        }
    }

    private <Req, Resp> void redirect(RpcMethod<Req, Resp> method) {
        server.register(method, (context, request) -> CompletableFuture.failedFuture(
                new RpcException(ErrorCode.ERR_FORWARD_TO_OTHERS, "not the leader")));
    }

    private void registerLeader() {
        on(RpcMethods.CM_QUERY_CONFIG, this::queryConfig);
        on(RpcMethods.CM_CREATE_APP, this::createApp);
        on(RpcMethods.CM_DROP_APP, this::dropApp);
        on(RpcMethods.CM_RECALL_APP, this::recallApp);
        on(RpcMethods.CM_LIST_APPS, request -> {
            configuration_list_apps_response response = new configuration_list_apps_response();
            response.setErr("ERR_OK");
            response.setInfos(cluster.allTables().stream().map(FakeTable::info).toList());
            return response;
        });
        on(RpcMethods.CM_LIST_NODES, request -> {
            configuration_list_nodes_response response = new configuration_list_nodes_response();
            response.setErr("ERR_OK");
            response.setInfos(cluster.replicas().stream().map(replica -> {
                node_info node = new node_info();
                node.setAddress(replica.address().pack());
                node.setStatus(replica.isClosed() ? node_status.NS_UNALIVE : node_status.NS_ALIVE);
                return node;
            }).toList());
            return response;
        });
        on(RpcMethods.CM_CLUSTER_INFO, request -> {
            configuration_cluster_info_response response = new configuration_cluster_info_response();
            response.setErr("ERR_OK");
            response.setKeys(List.of("meta_servers", "primary_meta_server"));
            response.setValues(List.of(address.toString(), address.toString()));
            return response;
        });
        on(RpcMethods.CM_UPDATE_APP_ENV, this::updateAppEnv);
    }

    private query_cfg_response queryConfig(query_cfg_request request) {
        queryConfigCalls.incrementAndGet();
        query_cfg_response response = new query_cfg_response();
        var found = cluster.findAvailable(request.getApp_name());
        if (found.isEmpty()) {
            response.setErr(ErrorCode.ERR_OBJECT_NOT_FOUND.name());
            return response;
        }
        FakeTable table = found.get();
        boolean ready = table.queriesBeforeReady <= 0;
        table.queriesBeforeReady--;
        response.setErr("ERR_OK");
        response.setApp_id(table.appId);
        response.setPartition_count(table.partitionCount);
        response.setIs_stateful(true);
        List<partition_configuration> partitions = new ArrayList<>();
        for (int i = 0; i < table.partitionCount; i++) {
            partition_configuration config = new partition_configuration();
            config.setPid(table.gpid(i).pack());
            config.setBallot(table.ballots[i]);
            config.setMax_replica_count(table.replicaCount);
            config.setPrimary(ready && table.primaries[i] != null ? table.primaries[i].pack() : RpcAddress.INVALID);
            config.setSecondaries(new ArrayList<>());
            config.setLast_drops(new ArrayList<>());
            config.setLast_committed_decree(7);
            partitions.add(config);
        }
        response.setPartitions(partitions);
        return response;
    }

    private configuration_create_app_response createApp(configuration_create_app_request request) {
        configuration_create_app_response response = new configuration_create_app_response();
        if (cluster.findAvailable(request.getApp_name()).isPresent()) {
            response.setErr(ErrorCode.ERR_APP_EXIST.name());
            response.setHint_message("table '" + request.getApp_name() + "' already exists");
            return response;
        }
        create_app_options options = request.getOptions();
        FakeTable table = cluster.createTable(request.getApp_name(), options.getPartition_count(),
                options.getReplica_count(), options.getEnvs());
        table.queriesBeforeReady = newTablesReadyAfterQueries;
        response.setErr("ERR_OK");
        response.setAppid(table.appId);
        response.setHint_message("");
        return response;
    }

    private configuration_drop_app_response dropApp(configuration_drop_app_request request) {
        configuration_drop_app_response response = new configuration_drop_app_response();
        var found = cluster.findAvailable(request.getApp_name());
        if (found.isEmpty()) {
            response.setErr(ErrorCode.ERR_APP_NOT_EXIST.name());
            response.setHint_message("table '" + request.getApp_name() + "' does not exist");
            return response;
        }
        FakeTable table = found.get();
        long reserve = request.getOptions().isSetReserve_seconds() ? request.getOptions().getReserve_seconds() : 604800;
        table.status = app_status.AS_DROPPED;
        table.dropSecond = System.currentTimeMillis() / 1000;
        table.expireSecond = table.dropSecond + reserve;
        response.setErr("ERR_OK");
        response.setHint_message("");
        return response;
    }

    private configuration_recall_app_response recallApp(configuration_recall_app_request request) {
        configuration_recall_app_response response = new configuration_recall_app_response();
        var found = cluster.byId(request.getApp_id()).filter(t -> t.status == app_status.AS_DROPPED);
        if (found.isEmpty()) {
            response.setErr(ErrorCode.ERR_APP_NOT_EXIST.name());
            response.setHint_message("no dropped table with id " + request.getApp_id());
            return response;
        }
        FakeTable table = found.get();
        String name = request.getNew_app_name() == null || request.getNew_app_name().isEmpty()
                ? table.name : request.getNew_app_name();
        if (cluster.findAvailable(name).isPresent()) {
            response.setErr(ErrorCode.ERR_APP_EXIST.name());
            response.setHint_message("table '" + name + "' already exists");
            return response;
        }
        table.name = name;
        table.status = app_status.AS_AVAILABLE;
        table.dropSecond = 0;
        table.expireSecond = 0;
        table.queriesBeforeReady = 1;
        response.setErr("ERR_OK");
        response.setInfo(table.info());
        response.setHint_message("");
        return response;
    }

    private configuration_update_app_env_response updateAppEnv(configuration_update_app_env_request request) {
        configuration_update_app_env_response response = new configuration_update_app_env_response();
        var found = cluster.findAvailable(request.getApp_name());
        if (found.isEmpty()) {
            response.setErr(ErrorCode.ERR_APP_NOT_EXIST.name());
            response.setHint_message("table '" + request.getApp_name() + "' does not exist");
            return response;
        }
        FakeTable table = found.get();
        for (int i = 0; i < request.getKeys().size(); i++) {
            if (request.getOp() == app_env_operation.APP_ENV_OP_SET) {
                table.envs.put(request.getKeys().get(i), request.getValues().get(i));
            } else {
                table.envs.remove(request.getKeys().get(i));
            }
        }
        response.setErr("ERR_OK");
        response.setHint_message("");
        return response;
    }
}
