package dev.pegasus.client;

import static dev.pegasus.client.Futures.await;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.app_env_operation;
import dev.pegasus.protocol.thrift.duplication_add_request;
import dev.pegasus.protocol.thrift.duplication_add_response;
import dev.pegasus.protocol.thrift.duplication_modify_request;
import dev.pegasus.protocol.thrift.duplication_modify_response;
import dev.pegasus.protocol.thrift.duplication_query_request;
import dev.pegasus.protocol.thrift.duplication_query_response;
import dev.pegasus.protocol.thrift.balance_plan_request;
import dev.pegasus.protocol.thrift.balance_plan_response;
import dev.pegasus.protocol.thrift.decommission_request;
import dev.pegasus.protocol.thrift.decommission_response;
import dev.pegasus.protocol.thrift.force_recovery_request;
import dev.pegasus.protocol.thrift.force_recovery_response;
import dev.pegasus.protocol.thrift.meta_control_request;
import dev.pegasus.protocol.thrift.meta_control_response;
import dev.pegasus.protocol.thrift.control_split_request;
import dev.pegasus.protocol.thrift.control_split_response;
import dev.pegasus.protocol.thrift.query_split_request;
import dev.pegasus.protocol.thrift.query_split_response;
import dev.pegasus.protocol.thrift.start_split_request;
import dev.pegasus.protocol.thrift.start_split_response;
import dev.pegasus.protocol.thrift.control_bulk_load_request;
import dev.pegasus.protocol.thrift.control_bulk_load_response;
import dev.pegasus.protocol.thrift.query_bulk_load_request;
import dev.pegasus.protocol.thrift.query_bulk_load_response;
import dev.pegasus.protocol.thrift.start_bulk_load_request;
import dev.pegasus.protocol.thrift.start_bulk_load_response;
import dev.pegasus.protocol.thrift.backup_policy_operation;
import dev.pegasus.protocol.thrift.backup_policy_request;
import dev.pegasus.protocol.thrift.backup_policy_response;
import dev.pegasus.protocol.thrift.query_backup_status_request;
import dev.pegasus.protocol.thrift.query_backup_status_response;
import dev.pegasus.protocol.thrift.query_restore_status_request;
import dev.pegasus.protocol.thrift.query_restore_status_response;
import dev.pegasus.protocol.thrift.start_backup_request;
import dev.pegasus.protocol.thrift.start_backup_response;
import dev.pegasus.protocol.thrift.start_restore_request;
import dev.pegasus.protocol.thrift.start_restore_response;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.app_status;
import dev.pegasus.protocol.thrift.configuration_cluster_info_request;
import dev.pegasus.protocol.thrift.configuration_cluster_info_response;
import dev.pegasus.protocol.thrift.configuration_create_app_request;
import dev.pegasus.protocol.thrift.configuration_create_app_response;
import dev.pegasus.protocol.thrift.configuration_drop_app_request;
import dev.pegasus.protocol.thrift.configuration_drop_app_response;
import dev.pegasus.protocol.thrift.configuration_list_apps_request;
import dev.pegasus.protocol.thrift.configuration_list_apps_response;
import dev.pegasus.protocol.thrift.configuration_list_nodes_request;
import dev.pegasus.protocol.thrift.configuration_list_nodes_response;
import dev.pegasus.protocol.thrift.configuration_recall_app_request;
import dev.pegasus.protocol.thrift.configuration_recall_app_response;
import dev.pegasus.protocol.thrift.configuration_update_app_env_request;
import dev.pegasus.protocol.thrift.configuration_update_app_env_response;
import dev.pegasus.protocol.thrift.create_app_options;
import dev.pegasus.protocol.thrift.drop_app_options;
import dev.pegasus.protocol.thrift.node_info;
import dev.pegasus.protocol.thrift.node_status;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Table and cluster administration through the meta server. Calls are synchronous and throw
 * {@link PegasusException} carrying the meta server's error code and hint. Creating and recalling a table
 * return only once every partition has a primary, so the table is usable when they return.
 */
public final class PegasusAdmin {
    private static final String APP_TYPE = "pegasus";
    private static final RetryPolicy POLL = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(500));

    private final MetaSession meta;
    private final RouteCache routes;
    private final ClientOptions options;

    PegasusAdmin(MetaSession meta, RouteCache routes, ClientOptions options) {
        this.meta = meta;
        this.routes = routes;
        this.options = options;
    }

    /**
     * Creates a table and waits until every partition has a primary (within the DDL timeout).
     *
     * @param partitionCount a power of two
     * @param envs table environment (settings), may be empty
     * @return the new table's app id
     */
    public int createTable(String name, int partitionCount, int replicaCount, Map<String, String> envs) {
        return create(name, partitionCount, replicaCount, envs, false);
    }

    /**
     * Like {@link #createTable}, but a table of that name that already exists is not an error: its app
     * id is returned and its settings are left as they are.
     */
    public int createTableIfAbsent(String name, int partitionCount, int replicaCount, Map<String, String> envs) {
        return create(name, partitionCount, replicaCount, envs, true);
    }

    private int create(String name, int partitionCount, int replicaCount, Map<String, String> envs,
            boolean successIfExist) {
        String op = "createTable '" + name + "'";
        checkName(op, name);
        if (partitionCount <= 0 || Integer.bitCount(partitionCount) != 1) {
            throw new IllegalArgumentException(op + ": partitionCount must be a positive power of two, got "
                    + partitionCount);
        }
        if (replicaCount <= 0) {
            throw new IllegalArgumentException(op + ": replicaCount must be positive, got " + replicaCount);
        }
        Deadline deadline = Deadline.after(options.ddlTimeout());
        create_app_options createOptions = new create_app_options();
        createOptions.setPartition_count(partitionCount);
        createOptions.setReplica_count(replicaCount);
        createOptions.setSuccess_if_exist(successIfExist);
        createOptions.setApp_type(APP_TYPE);
        createOptions.setIs_stateful(true);
        createOptions.setEnvs(envs == null ? new HashMap<>() : new HashMap<>(envs));
        configuration_create_app_request request = new configuration_create_app_request();
        request.setApp_name(name);
        request.setOptions(createOptions);
        configuration_create_app_response response = call(op, RpcMethods.CM_CREATE_APP, request,
                configuration_create_app_response::getErr, deadline);
        requireOk(op, response.getErr(), response.getHint_message());
        routes.invalidate(name);
        waitForPrimaries(op, name, deadline);
        return response.getAppid();
    }

    /**
     * Drops a table. Its data is kept for {@code reserveSeconds} (the server's default when <= 0), during
     * which {@link #recallTable} can bring it back.
     */
    public void dropTable(String name, long reserveSeconds) {
        String op = "dropTable '" + name + "'";
        checkName(op, name);
        drop_app_options dropOptions = new drop_app_options();
        dropOptions.setSuccess_if_not_exist(false);
        if (reserveSeconds > 0) {
            dropOptions.setReserve_seconds(reserveSeconds);
        }
        configuration_drop_app_request request = new configuration_drop_app_request();
        request.setApp_name(name);
        request.setOptions(dropOptions);
        configuration_drop_app_response response = call(op, RpcMethods.CM_DROP_APP, request,
                configuration_drop_app_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        routes.invalidate(name);
    }

    /**
     * Brings back a dropped table whose data has not expired, and waits until every partition has a primary.
     *
     * @param newName null or empty: the name it had
     */
    public TableInfo recallTable(int appId, String newName) {
        String op = "recallTable " + appId;
        Deadline deadline = Deadline.after(options.ddlTimeout());
        configuration_recall_app_request request = new configuration_recall_app_request();
        request.setApp_id(appId);
        request.setNew_app_name(newName == null ? "" : newName);
        configuration_recall_app_response response = call(op, RpcMethods.CM_RECALL_APP, request,
                configuration_recall_app_response::getErr, deadline);
        requireOk(op, response.getErr(), response.getHint_message());
        if (response.getInfo() == null) {
            throw new PegasusException(ErrorCode.ERR_INVALID_DATA, op + ": the meta server returned no table info");
        }
        TableInfo info = TableInfo.from(response.getInfo());
        routes.invalidate(info.name());
        waitForPrimaries(op, info.name(), deadline);
        return info;
    }

    /** @param includeDropped also list tables that are dropped (or being dropped) but not yet expired */
    public List<TableInfo> listTables(boolean includeDropped) {
        String op = "listTables";
        configuration_list_apps_request request = new configuration_list_apps_request();
        request.setStatus(app_status.AS_INVALID);
        configuration_list_apps_response response = call(op, RpcMethods.CM_LIST_APPS, request,
                configuration_list_apps_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), "");
        List<TableInfo> tables = new ArrayList<>();
        for (app_info info : response.getInfos() == null ? List.<app_info>of() : response.getInfos()) {
            boolean dropped = info.getStatus() == app_status.AS_DROPPED || info.getStatus() == app_status.AS_DROPPING;
            if (includeDropped || !dropped) {
                tables.add(TableInfo.from(info));
            }
        }
        tables.sort(Comparator.comparingInt(TableInfo::appId));
        return tables;
    }

    public List<NodeInfo> listNodes() {
        String op = "listNodes";
        configuration_list_nodes_request request = new configuration_list_nodes_request();
        request.setStatus(node_status.NS_INVALID);
        configuration_list_nodes_response response = call(op, RpcMethods.CM_LIST_NODES, request,
                configuration_list_nodes_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), "");
        List<NodeInfo> nodes = new ArrayList<>();
        for (node_info node : response.getInfos() == null ? List.<node_info>of() : response.getInfos()) {
            nodes.add(new NodeInfo(RpcAddress.describe(node.getAddress()), node.getStatus() == node_status.NS_ALIVE,
                    Optional.ofNullable(node.getDisk()).map(disk -> new NodeInfo.DiskSpace(disk.getFree_bytes(),
                            disk.getTotal_bytes(), disk.isLow()))));
        }
        nodes.sort(Comparator.comparing(NodeInfo::address));
        return nodes;
    }

    /** Key/value facts about the cluster as the meta server reports them (leader, ballots, ...), in its order. */
    public Map<String, String> clusterInfo() {
        String op = "clusterInfo";
        configuration_cluster_info_response response = call(op, RpcMethods.CM_CLUSTER_INFO,
                new configuration_cluster_info_request(), configuration_cluster_info_response::getErr,
                Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), "");
        List<String> keys = response.getKeys() == null ? List.of() : response.getKeys();
        List<String> values = response.getValues() == null ? List.of() : response.getValues();
        if (keys.size() != values.size()) {
            throw new PegasusException(ErrorCode.ERR_INVALID_DATA, op + ": the meta server returned "
                    + keys.size() + " keys but " + values.size() + " values");
        }
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            info.put(keys.get(i), values.get(i));
        }
        return info;
    }

    public TableConfiguration queryConfig(String tableName) {
        String op = "queryConfig '" + tableName + "'";
        checkName(op, tableName);
        query_cfg_response response = queryConfig(op, tableName, Deadline.after(options.operationTimeout()));
        ErrorCode error = ErrorCode.fromName(response.getErr());
        if (error == ErrorCode.ERR_OBJECT_NOT_FOUND || error == ErrorCode.ERR_APP_NOT_EXIST) {
            throw new TableNotFoundException(tableName, error);
        }
        requireOk(op, response.getErr(), "");
        List<PartitionConfiguration> partitions = new ArrayList<>();
        List<partition_configuration> configs = response.getPartitions() == null ? List.of() : response.getPartitions();
        List<String> problems = response.isSetPartition_problems() ? response.getPartition_problems() : List.of();
        for (int i = 0; i < configs.size(); i++) {
            partitions.add(PartitionConfiguration.from(configs.get(i), i < problems.size() ? problems.get(i) : ""));
        }
        partitions.sort(Comparator.comparingInt(PartitionConfiguration::index));
        return new TableConfiguration(response.getApp_id(), response.getPartition_count(), partitions);
    }

    public void setAppEnv(String tableName, String key, String value) {
        String op = "setAppEnv '" + tableName + "'";
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException(op + ": key must be non-empty and value non-null");
        }
        updateAppEnv(op, tableName, app_env_operation.APP_ENV_OP_SET, List.of(key), List.of(value));
    }

    public void delAppEnv(String tableName, String key) {
        String op = "delAppEnv '" + tableName + "'";
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(op + ": key must be non-empty");
        }
        updateAppEnv(op, tableName, app_env_operation.APP_ENV_OP_DEL, List.of(key), null);
    }

    private void updateAppEnv(String op, String tableName, app_env_operation operation, List<String> keys,
            List<String> values) {
        checkName(op, tableName);
        configuration_update_app_env_request request = new configuration_update_app_env_request();
        request.setApp_name(tableName);
        request.setOp(operation);
        request.setKeys(new ArrayList<>(keys));
        if (values != null) {
            request.setValues(new ArrayList<>(values));
        }
        configuration_update_app_env_response response = call(op, RpcMethods.CM_UPDATE_APP_ENV, request,
                configuration_update_app_env_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
    }

    // ---------------------------------------------------------------- balancing and decommissioning

    /** The meta level in force: lively (the balancer evens out the load) or steady. */
    public MetaLevel metaLevel() {
        return MetaLevel.from(controlMeta(new meta_control_request()).getLevel());
    }

    /**
     * Sets the meta level: lively balances, steady only finishes copies under way and drains nodes.
     *
     * @return the level in force after the change
     */
    public MetaLevel setMetaLevel(MetaLevel level) {
        checkGiven("setMetaLevel", "level", level);
        return MetaLevel.from(controlMeta(new meta_control_request().setLevel(level.wire())).getLevel());
    }

    private meta_control_response controlMeta(meta_control_request request) {
        String op = "controlMeta";
        meta_control_response response = call(op, RpcMethods.CM_CONTROL_META, request, meta_control_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response;
    }

    /** The balancer's view: the load per replica server, copies under way and its next steps. */
    public BalancePlan balancePlan() {
        String op = "balancePlan";
        balance_plan_response response = call(op, RpcMethods.CM_BALANCE_PLAN, new balance_plan_request(),
                balance_plan_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), "");
        return BalancePlan.from(response);
    }

    /**
     * Starts draining, cancels draining of, or queries a replica server ({@code host:port}). A drained
     * server carries no replica once {@link DecommissionStatus#removable()}.
     */
    public DecommissionStatus decommission(String node, DecommissionAction action) {
        checkGiven("decommission " + node, "action", action);
        String op = "decommission " + node + " " + action.wire();
        RpcAddress address;
        try {
            address = RpcAddress.parse(node);
        } catch (IllegalArgumentException e) {
            throw new PegasusException(ErrorCode.ERR_INVALID_PARAMETERS, op + ": " + e.getMessage());
        }
        decommission_response response = call(op, RpcMethods.CM_DECOMMISSION_NODE,
                new decommission_request(address.pack(), action.wire()), decommission_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return DecommissionStatus.from(response);
    }

    /**
     * Gives a partition whose last members are all gone for good a primary again, from a replica server
     * that is alive with a copy: writes only the absent members logged are lost. The cluster never does
     * this by itself; it waits for a last member, which holds every committed write.
     *
     * @param node      the replica server ({@code host:port}) to recover from; empty for the one alive whose
     *                  copy reaches furthest
     * @param confirmed false: only say what would be done and what may be lost
     * @return what was done, or would be, and what may be lost
     */
    public String forceRecovery(String tableName, int partitionIndex, Optional<String> node, boolean confirmed) {
        String op = "forceRecovery '" + tableName + "' partition " + partitionIndex;
        checkName(op, tableName);
        force_recovery_request request = new force_recovery_request().setApp_name(tableName)
                .setPartition_index(partitionIndex).setConfirmed(confirmed);
        try {
            node.ifPresent(address -> request.setNode(RpcAddress.parse(address).pack()));
        } catch (IllegalArgumentException e) {
            throw new PegasusException(ErrorCode.ERR_INVALID_PARAMETERS, op + ": " + e.getMessage());
        }
        force_recovery_response response = call(op, RpcMethods.CM_FORCE_RECOVERY, request,
                force_recovery_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getHint_message();
    }

    // ---------------------------------------------------------------- partition splits

    /**
     * Starts doubling the table's partition count while it serves; follow it with {@link #splitStatus}.
     *
     * @return the partition count the table splits to
     */
    public int startSplit(String tableName) {
        String op = "startSplit '" + tableName + "'";
        checkName(op, tableName);
        start_split_response response = call(op, RpcMethods.CM_START_SPLIT, new start_split_request(tableName),
                start_split_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getNew_partition_count();
    }

    /** Pauses, resumes or cancels the table's split (cancel only before any parent has split). */
    public String controlSplit(String tableName, SplitControl control) {
        checkGiven("controlSplit '" + tableName + "'", "control", control);
        String op = "controlSplit '" + tableName + "' " + control.wire();
        checkName(op, tableName);
        control_split_response response = call(op, RpcMethods.CM_CONTROL_SPLIT,
                new control_split_request(tableName, control.wire()), control_split_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getHint_message();
    }

    /** Where the table's split stands; {@link SplitStatus#splitting()} is false once it has ended (or none ran). */
    public SplitStatus splitStatus(String tableName) {
        String op = "splitStatus '" + tableName + "'";
        checkName(op, tableName);
        query_split_response response = call(op, RpcMethods.CM_QUERY_SPLIT, new query_split_request(tableName),
                query_split_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return SplitStatus.from(response);
    }

    // ---------------------------------------------------------------- duplications

    /**
     * Duplicates the table to a remote cluster the meta server knows (its {@code --remote-cluster}),
     * where a table of the same name must exist: writes acknowledged after this returns are applied
     * there too, asynchronously. Waits up to the DDL timeout.
     *
     * @return the duplication's id
     */
    public int addDuplication(String tableName, String remoteCluster) {
        return addDuplication(tableName, remoteCluster, false);
    }

    /**
     * Duplicates the table to a remote cluster; with {@code full}, the remote table must not exist: it is
     * created from a copy of this table's checkpoints (through the meta server's
     * {@code --duplication-checkpoint-root}), and shipping starts once it is loaded. The duplication then
     * goes through {@link DuplicationStatus#PREPARE} and {@link DuplicationStatus#APP} to
     * {@link DuplicationStatus#LOG}: follow it with {@link #listDuplications}. Writes acknowledged after
     * this returns reach the remote either in the copy or shipped.
     *
     * @return the duplication's id
     */
    public int addDuplication(String tableName, String remoteCluster, boolean full) {
        String op = "addDuplication '" + tableName + "' to '" + remoteCluster + "'" + (full ? " with its data" : "");
        checkName(op, tableName);
        checkName(op, remoteCluster);
        duplication_add_response response = call(op, RpcMethods.CM_ADD_DUPLICATION,
                new duplication_add_request(tableName, remoteCluster).setIs_duplicating_checkpoint(full),
                duplication_add_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint());
        return response.getDupid();
    }

    /** The table's duplications, with each partition's progress. */
    public List<Duplication> listDuplications(String tableName) {
        String op = "listDuplications '" + tableName + "'";
        checkName(op, tableName);
        duplication_query_response response = call(op, RpcMethods.CM_QUERY_DUPLICATION,
                new duplication_query_request(tableName), duplication_query_response::getErr,
                Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint());
        return Wire.list(response.getEntry_list()).stream().map(Duplication::from).toList();
    }

    /** Stops shipping; the source keeps its log until {@link #startDuplication}. */
    public void pauseDuplication(String tableName, int dupid) {
        modifyDuplication("pauseDuplication", tableName, dupid,
                request -> request.setStatus(DuplicationStatus.PAUSE.wire()));
    }

    /** Ships again from where the duplication stopped. */
    public void startDuplication(String tableName, int dupid) {
        modifyDuplication("startDuplication", tableName, dupid,
                request -> request.setStatus(DuplicationStatus.LOG.wire()));
    }

    /** Ends the duplication; the remote table keeps what it received. */
    public void removeDuplication(String tableName, int dupid) {
        modifyDuplication("removeDuplication", tableName, dupid,
                request -> request.setStatus(DuplicationStatus.REMOVED.wire()));
    }

    public void setDuplicationFailMode(String tableName, int dupid, DuplicationFailMode mode) {
        checkGiven("setDuplicationFailMode '" + tableName + "'", "mode", mode);
        modifyDuplication("setDuplicationFailMode", tableName, dupid, request -> request.setFail_mode(mode.wire()));
    }

    private void modifyDuplication(String name, String tableName, int dupid,
            Consumer<duplication_modify_request> change) {
        String op = name + " '" + tableName + "' " + dupid;
        checkName(op, tableName);
        duplication_modify_request request = new duplication_modify_request(tableName, dupid);
        change.accept(request);
        duplication_modify_response response = call(op, RpcMethods.CM_MODIFY_DUPLICATION, request,
                duplication_modify_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint());
    }

    // ---------------------------------------------------------------- bulk loads

    /**
     * Starts a bulk load into the table from a directory written by the bulk load generator (a URI
     * such as {@code hdfs://host:port/dir} or {@code file:///dir}). Waits up to the DDL timeout: the
     * meta server first checks the directory (partition count, table name, every file present).
     *
     * @return the load's id
     */
    public String startBulkLoad(String tableName, String root) {
        String op = "startBulkLoad '" + tableName + "'";
        checkName(op, tableName);
        start_bulk_load_response response = call(op, RpcMethods.CM_START_BULK_LOAD,
                new start_bulk_load_request(tableName, root), start_bulk_load_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getLoad_id();
    }

    /** Bulk loads the meta server knows of, with progress per partition; filters are optional (null = all). */
    public List<BulkLoad> bulkLoadStatus(String tableName, String loadId) {
        String op = "bulkLoadStatus";
        query_bulk_load_request request = new query_bulk_load_request();
        if (tableName != null) {
            request.setApp_name(tableName);
        }
        if (loadId != null) {
            request.setLoad_id(loadId);
        }
        query_bulk_load_response response = call(op, RpcMethods.CM_QUERY_BULK_LOAD, request,
                query_bulk_load_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return Wire.list(response.getLoads()).stream().map(BulkLoad::from).toList();
    }

    /** Pauses, resumes or cancels the table's bulk load (refused once it is ingesting). */
    public String controlBulkLoad(String tableName, BulkLoadControl control) {
        checkGiven("controlBulkLoad '" + tableName + "'", "control", control);
        String op = "controlBulkLoad '" + tableName + "' " + control.wire();
        checkName(op, tableName);
        control_bulk_load_response response = call(op, RpcMethods.CM_CONTROL_BULK_LOAD,
                new control_bulk_load_request(tableName, control.wire()), control_bulk_load_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getHint_message();
    }

    // ---------------------------------------------------------------- backups and restores

    /**
     * Starts a backup of the table to a backup root (a URI such as {@code hdfs://host:port/dir} or
     * {@code file:///dir}); the meta server coordinates it. Waits up to the DDL timeout: the meta
     * server first checks it can open the root.
     *
     * @return the backup's id
     */
    public String startBackup(String tableName, String backupRoot) {
        String op = "startBackup '" + tableName + "'";
        checkName(op, tableName);
        start_backup_response response = call(op, RpcMethods.CM_START_BACKUP_APP,
                new start_backup_request(tableName, backupRoot), start_backup_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return response.getBackup_id();
    }

    /** Backups the meta server knows of, with progress per partition; filters are optional (null = all). */
    public List<Backup> backupStatus(String tableName, String backupId) {
        String op = "backupStatus";
        query_backup_status_request request = new query_backup_status_request();
        if (tableName != null) {
            request.setApp_name(tableName);
        }
        if (backupId != null) {
            request.setBackup_id(backupId);
        }
        query_backup_status_response response = call(op, RpcMethods.CM_QUERY_BACKUP_STATUS, request,
                query_backup_status_response::getErr, Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return Wire.list(response.getBackups()).stream().map(Backup::from).toList();
    }

    /** @return every policy after the change */
    public List<BackupPolicy> addBackupPolicy(BackupPolicy policy) {
        checkGiven("addBackupPolicy", "policy", policy);
        return backupPolicy("addBackupPolicy '" + policy.name() + "'",
                new backup_policy_request().setOp(backup_policy_operation.BPO_ADD).setPolicy(policy.wire()));
    }

    /** @return every policy after the change */
    public List<BackupPolicy> removeBackupPolicy(String name) {
        return backupPolicy("removeBackupPolicy '" + name + "'",
                new backup_policy_request().setOp(backup_policy_operation.BPO_REMOVE).setName(name));
    }

    public List<BackupPolicy> listBackupPolicies() {
        return backupPolicy("listBackupPolicies", new backup_policy_request().setOp(backup_policy_operation.BPO_LIST));
    }

    private List<BackupPolicy> backupPolicy(String op, backup_policy_request request) {
        backup_policy_response response = call(op, RpcMethods.CM_BACKUP_POLICY, request, backup_policy_response::getErr,
                Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return Wire.list(response.getPolicies()).stream().map(BackupPolicy::from).toList();
    }

    /**
     * Creates table {@code newTableName} from a backup; its partitions fetch their data and then serve
     * (follow with {@link #restoreStatus}). A damaged or incomplete backup is refused, naming the file.
     *
     * @param sourceTable the backed-up table's name, needed only if the id is not unique under the root (or null)
     * @param replicaCount replicas of the new table, 0 for the backed-up table's count
     */
    public StartedRestore startRestore(String backupRoot, String backupId, String newTableName,
            String sourceTable, int replicaCount) {
        String op = "startRestore '" + newTableName + "'";
        checkName(op, newTableName);
        start_restore_request request = new start_restore_request(backupRoot, backupId, newTableName);
        if (sourceTable != null) {
            request.setSource_app_name(sourceTable);
        }
        if (replicaCount > 0) {
            request.setReplica_count(replicaCount);
        }
        start_restore_response response = call(op, RpcMethods.CM_START_RESTORE, request,
                start_restore_response::getErr, Deadline.after(options.ddlTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return StartedRestore.from(response);
    }

    /** Restore progress of a table created by {@link #startRestore}, one entry per partition. */
    public List<RestorePartition> restoreStatus(String tableName) {
        String op = "restoreStatus '" + tableName + "'";
        checkName(op, tableName);
        query_restore_status_response response = call(op, RpcMethods.CM_QUERY_RESTORE_STATUS,
                new query_restore_status_request(tableName), query_restore_status_response::getErr,
                Deadline.after(options.operationTimeout()));
        requireOk(op, response.getErr(), response.getHint_message());
        return Wire.list(response.getPartitions()).stream().map(RestorePartition::from).toList();
    }

    /**
     * Polls the table's configuration until every partition has a primary: a table is created (or
     * recalled) in the meta server's state before replica servers have opened its replicas.
     */
    private void waitForPrimaries(String op, String name, Deadline deadline) {
        String progress = "no configuration yet";
        for (int poll = 1; ; poll++) {
            if (!deadline.expired()) {
                query_cfg_response response = queryConfig(op, name, deadline);
                ErrorCode error = ErrorCode.fromName(response.getErr());
                if (error == ErrorCode.ERR_OK) {
                    long withPrimary = response.getPartitions() == null ? 0 : response.getPartitions().stream()
                            .filter(config -> config.getPrimary() != RpcAddress.INVALID).count();
                    if (response.getPartition_count() > 0 && withPrimary == response.getPartition_count()) {
                        return;
                    }
                    progress = withPrimary + " of " + response.getPartition_count() + " partitions have a primary";
                } else {
                    progress = "the meta server answers " + error;
                }
            }
            long pause = Math.min(POLL.backoffMillis(poll), deadline.remainingMillis());
            if (pause <= 0) {
                throw new PegasusException(ErrorCode.ERR_TIMEOUT, op + ": the table was not ready within "
                        + deadline.budget().toMillis() + " ms: " + progress);
            }
            sleep(op, pause);
        }
    }

    private query_cfg_response queryConfig(String op, String name, Deadline deadline) {
        query_cfg_request request = new query_cfg_request();
        request.setApp_name(name);
        request.setPartition_indices(new ArrayList<>());
        return call(op, RpcMethods.CM_QUERY_CONFIG, request, query_cfg_response::getErr, deadline);
    }

    private <Req, Resp> Resp call(String op, RpcMethod<Req, Resp> method, Req request, Function<Resp, String> errorOf,
            Deadline deadline) {
        return await(meta.call(op, method, request, errorOf, deadline));
    }

    private static void requireOk(String op, String err, String hint) {
        ErrorCode error = ErrorCode.fromName(err);
        if (error != ErrorCode.ERR_OK) {
            String detail = hint == null || hint.isEmpty() ? error.description() : hint;
            throw new PegasusException(error, op + " failed: " + detail);
        }
    }

    private static void checkName(String op, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(op + ": table name must not be empty");
        }
    }

    /** The enums sent have no "invalid" constant: null is the caller's mistake, refused before anything is sent. */
    private static void checkGiven(String op, String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + what + " must not be null");
        }
    }

    private static void sleep(String op, long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PegasusException(ErrorCode.ERR_UNKNOWN, op + ": interrupted while waiting for the table", e);
        }
    }
}
