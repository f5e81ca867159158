package dev.pegasus.protocol.rpc;

import static dev.pegasus.protocol.rpc.Codec.struct;

import dev.pegasus.protocol.thrift.*;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every RPC of the system, by the code Apache Pegasus gives it. */
public final class RpcMethods {
    // Key-value operations, served by the primary replica of a partition.
    public static final RpcMethod<update_request, update_response> RRDB_PUT =
            call("RPC_RRDB_RRDB_PUT", struct(update_request::new), struct(update_response::new));
    public static final RpcMethod<multi_put_request, update_response> RRDB_MULTI_PUT =
            call("RPC_RRDB_RRDB_MULTI_PUT", struct(multi_put_request::new), struct(update_response::new));
    public static final RpcMethod<byte[], update_response> RRDB_REMOVE =
            call("RPC_RRDB_RRDB_REMOVE", Codec.BLOB, struct(update_response::new));
    public static final RpcMethod<multi_remove_request, multi_remove_response> RRDB_MULTI_REMOVE =
            call("RPC_RRDB_RRDB_MULTI_REMOVE", struct(multi_remove_request::new), struct(multi_remove_response::new));
    public static final RpcMethod<incr_request, incr_response> RRDB_INCR =
            call("RPC_RRDB_RRDB_INCR", struct(incr_request::new), struct(incr_response::new));
    public static final RpcMethod<check_and_set_request, check_and_set_response> RRDB_CHECK_AND_SET =
            call("RPC_RRDB_RRDB_CHECK_AND_SET", struct(check_and_set_request::new),
                    struct(check_and_set_response::new));
    public static final RpcMethod<check_and_mutate_request, check_and_mutate_response> RRDB_CHECK_AND_MUTATE =
            call("RPC_RRDB_RRDB_CHECK_AND_MUTATE", struct(check_and_mutate_request::new),
                    struct(check_and_mutate_response::new));
    public static final RpcMethod<byte[], read_response> RRDB_GET =
            call("RPC_RRDB_RRDB_GET", Codec.BLOB, struct(read_response::new));
    public static final RpcMethod<multi_get_request, multi_get_response> RRDB_MULTI_GET =
            call("RPC_RRDB_RRDB_MULTI_GET", struct(multi_get_request::new), struct(multi_get_response::new));
    public static final RpcMethod<batch_get_request, batch_get_response> RRDB_BATCH_GET =
            call("RPC_RRDB_RRDB_BATCH_GET", struct(batch_get_request::new), struct(batch_get_response::new));
    public static final RpcMethod<byte[], count_response> RRDB_SORTKEY_COUNT =
            call("RPC_RRDB_RRDB_SORTKEY_COUNT", Codec.BLOB, struct(count_response::new));
    public static final RpcMethod<byte[], ttl_response> RRDB_TTL =
            call("RPC_RRDB_RRDB_TTL", Codec.BLOB, struct(ttl_response::new));
    public static final RpcMethod<get_scanner_request, scan_response> RRDB_GET_SCANNER =
            call("RPC_RRDB_RRDB_GET_SCANNER", struct(get_scanner_request::new), struct(scan_response::new));
    public static final RpcMethod<scan_request, scan_response> RRDB_SCAN =
            call("RPC_RRDB_RRDB_SCAN", struct(scan_request::new), struct(scan_response::new));
    /** Writes shipped from another cluster's primary by a duplication: applied only where newer. */
    public static final RpcMethod<duplicate_request, duplicate_response> RRDB_DUPLICATE =
            call("RPC_RRDB_RRDB_DUPLICATE", struct(duplicate_request::new), struct(duplicate_response::new));
    public static final RpcMethod<Long, Void> RRDB_CLEAR_SCANNER =
            new RpcMethod<>("RPC_RRDB_RRDB_CLEAR_SCANNER", Codec.I64, Optional.empty());

    // Meta server: routing and administration.
    // The first request of an Apache Pegasus client that has credentials; answered by every server.
    public static final RpcMethod<negotiation_request, negotiation_response> NEGOTIATION =
            call("RPC_NEGOTIATION", struct(negotiation_request::new), struct(negotiation_response::new));

    // Remote commands of admin tools (help, server-info, ...), answered by every server.
    public static final RpcMethod<command, String> CLI_CALL = call("RPC_CLI_CLI_CALL", struct(command::new), Codec.STRING);

    public static final RpcMethod<query_cfg_request, query_cfg_response> CM_QUERY_CONFIG =
            call("RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX", struct(query_cfg_request::new),
                    struct(query_cfg_response::new));
    public static final RpcMethod<configuration_create_app_request, configuration_create_app_response>
            CM_CREATE_APP = call("RPC_CM_CREATE_APP", struct(configuration_create_app_request::new),
                    struct(configuration_create_app_response::new));
    public static final RpcMethod<configuration_drop_app_request, configuration_drop_app_response> CM_DROP_APP =
            call("RPC_CM_DROP_APP", struct(configuration_drop_app_request::new),
                    struct(configuration_drop_app_response::new));
    public static final RpcMethod<configuration_recall_app_request, configuration_recall_app_response>
            CM_RECALL_APP = call("RPC_CM_RECALL_APP", struct(configuration_recall_app_request::new),
                    struct(configuration_recall_app_response::new));
    public static final RpcMethod<configuration_list_apps_request, configuration_list_apps_response> CM_LIST_APPS =
            call("RPC_CM_LIST_APPS", struct(configuration_list_apps_request::new),
                    struct(configuration_list_apps_response::new));
    public static final RpcMethod<configuration_update_app_env_request, configuration_update_app_env_response>
            CM_UPDATE_APP_ENV = call("RPC_CM_UPDATE_APP_ENV", struct(configuration_update_app_env_request::new),
                    struct(configuration_update_app_env_response::new));
    public static final RpcMethod<configuration_list_nodes_request, configuration_list_nodes_response>
            CM_LIST_NODES = call("RPC_CM_LIST_NODES", struct(configuration_list_nodes_request::new),
                    struct(configuration_list_nodes_response::new));
    public static final RpcMethod<configuration_cluster_info_request, configuration_cluster_info_response>
            CM_CLUSTER_INFO = call("RPC_CM_CLUSTER_INFO", struct(configuration_cluster_info_request::new),
                    struct(configuration_cluster_info_response::new));

    // Backups and restores, coordinated by the meta server.
    public static final RpcMethod<start_backup_request, start_backup_response> CM_START_BACKUP_APP =
            call("RPC_CM_START_BACKUP_APP", struct(start_backup_request::new), struct(start_backup_response::new));
    public static final RpcMethod<query_backup_status_request, query_backup_status_response> CM_QUERY_BACKUP_STATUS =
            call("RPC_CM_QUERY_BACKUP_STATUS", struct(query_backup_status_request::new),
                    struct(query_backup_status_response::new));
    public static final RpcMethod<backup_policy_request, backup_policy_response> CM_BACKUP_POLICY =
            call("RPC_CM_BACKUP_POLICY", struct(backup_policy_request::new), struct(backup_policy_response::new));
    public static final RpcMethod<start_restore_request, start_restore_response> CM_START_RESTORE =
            call("RPC_CM_START_RESTORE", struct(start_restore_request::new), struct(start_restore_response::new));
    public static final RpcMethod<query_restore_status_request, query_restore_status_response>
            CM_QUERY_RESTORE_STATUS = call("RPC_CM_QUERY_RESTORE_STATUS", struct(query_restore_status_request::new),
                    struct(query_restore_status_response::new));

    // Bulk loads, coordinated by the meta server.
    public static final RpcMethod<start_bulk_load_request, start_bulk_load_response> CM_START_BULK_LOAD =
            call("RPC_CM_START_BULK_LOAD", struct(start_bulk_load_request::new), struct(start_bulk_load_response::new));
    public static final RpcMethod<query_bulk_load_request, query_bulk_load_response> CM_QUERY_BULK_LOAD =
            call("RPC_CM_QUERY_BULK_LOAD_STATUS", struct(query_bulk_load_request::new),
                    struct(query_bulk_load_response::new));
    public static final RpcMethod<control_bulk_load_request, control_bulk_load_response> CM_CONTROL_BULK_LOAD =
            call("RPC_CM_CONTROL_BULK_LOAD", struct(control_bulk_load_request::new),
                    struct(control_bulk_load_response::new));

    // Duplications to other clusters, coordinated by the meta server.
    public static final RpcMethod<duplication_add_request, duplication_add_response> CM_ADD_DUPLICATION =
            call("RPC_CM_ADD_DUPLICATION", struct(duplication_add_request::new), struct(duplication_add_response::new));
    public static final RpcMethod<duplication_modify_request, duplication_modify_response> CM_MODIFY_DUPLICATION =
            call("RPC_CM_MODIFY_DUPLICATION", struct(duplication_modify_request::new),
                    struct(duplication_modify_response::new));
    public static final RpcMethod<duplication_query_request, duplication_query_response> CM_QUERY_DUPLICATION =
            call("RPC_CM_QUERY_DUPLICATION", struct(duplication_query_request::new),
                    struct(duplication_query_response::new));

    // Balancing and decommissioning (shell -> meta server).
    public static final RpcMethod<meta_control_request, meta_control_response> CM_CONTROL_META =
            call("RPC_CM_CONTROL_META", struct(meta_control_request::new), struct(meta_control_response::new));
    public static final RpcMethod<balance_plan_request, balance_plan_response> CM_BALANCE_PLAN =
            call("RPC_CM_BALANCE_PLAN", struct(balance_plan_request::new), struct(balance_plan_response::new));
    public static final RpcMethod<decommission_request, decommission_response> CM_DECOMMISSION_NODE =
            call("RPC_CM_DECOMMISSION_NODE", struct(decommission_request::new), struct(decommission_response::new));

    // Forced recovery of a partition whose last members are gone (shell -> meta server).
    public static final RpcMethod<force_recovery_request, force_recovery_response> CM_FORCE_RECOVERY =
            call("RPC_CM_FORCE_RECOVERY", struct(force_recovery_request::new), struct(force_recovery_response::new));

    // Partition split (shell -> meta server).
    public static final RpcMethod<start_split_request, start_split_response> CM_START_SPLIT =
            call("RPC_CM_START_PARTITION_SPLIT", struct(start_split_request::new), struct(start_split_response::new));
    public static final RpcMethod<control_split_request, control_split_response> CM_CONTROL_SPLIT =
            call("RPC_CM_CONTROL_PARTITION_SPLIT", struct(control_split_request::new),
                    struct(control_split_response::new));
    public static final RpcMethod<query_split_request, query_split_response> CM_QUERY_SPLIT =
            call("RPC_CM_QUERY_PARTITION_SPLIT", struct(query_split_request::new), struct(query_split_response::new));

    // Replica server -> meta server: beacon and assignment sync.
    public static final RpcMethod<config_sync_request, config_sync_response> CM_CONFIG_SYNC =
            call("RPC_CM_CONFIG_SYNC", struct(config_sync_request::new), struct(config_sync_response::new));

    // Primary -> meta server: configuration changes it needs.
    public static final RpcMethod<update_partition_request, update_partition_response> CM_UPDATE_PARTITION =
            call("RPC_CM_UPDATE_PARTITION_CONFIGURATION", struct(update_partition_request::new),
                    struct(update_partition_response::new));

    // Between the replicas of a partition.
    public static final RpcMethod<replica_message, Void> REPLICA_MESSAGE =
            new RpcMethod<>("RPC_REPLICA_MESSAGE", struct(replica_message::new), Optional.empty());
    public static final RpcMethod<checkpoint_chunk, checkpoint_chunk_response> REPLICA_CHECKPOINT_CHUNK =
            call("RPC_REPLICA_CHECKPOINT_CHUNK", struct(checkpoint_chunk::new), struct(checkpoint_chunk_response::new));

    private static final Map<String, RpcMethod<?, ?>> BY_CODE = List.of(
                    RRDB_PUT, RRDB_MULTI_PUT, RRDB_REMOVE, RRDB_MULTI_REMOVE, RRDB_INCR, RRDB_CHECK_AND_SET,
                    RRDB_CHECK_AND_MUTATE, RRDB_GET, RRDB_MULTI_GET, RRDB_BATCH_GET, RRDB_SORTKEY_COUNT, RRDB_TTL,
                    RRDB_GET_SCANNER, RRDB_SCAN, RRDB_CLEAR_SCANNER, CM_QUERY_CONFIG, CM_CREATE_APP, CM_DROP_APP,
                    CM_RECALL_APP, CM_LIST_APPS, CM_UPDATE_APP_ENV, CM_LIST_NODES, CM_CLUSTER_INFO, CM_CONFIG_SYNC,
                    CM_UPDATE_PARTITION, REPLICA_MESSAGE, REPLICA_CHECKPOINT_CHUNK, CM_START_BACKUP_APP,
                    CM_QUERY_BACKUP_STATUS, CM_BACKUP_POLICY, CM_START_RESTORE, CM_QUERY_RESTORE_STATUS, CM_CONTROL_META,
                    CM_BALANCE_PLAN, CM_DECOMMISSION_NODE, CM_FORCE_RECOVERY, CM_START_SPLIT, CM_CONTROL_SPLIT, CM_QUERY_SPLIT,
                    CM_ADD_DUPLICATION, CM_MODIFY_DUPLICATION, CM_QUERY_DUPLICATION, RRDB_DUPLICATE, NEGOTIATION, CLI_CALL)
            .stream().collect(Collectors.toUnmodifiableMap(RpcMethod::code, Function.identity()));

    private RpcMethods() {}

    private static <Req, Resp> RpcMethod<Req, Resp> call(String code, Codec<Req> argument, Codec<Resp> result) {
        return new RpcMethod<>(code, argument, Optional.of(result));
    }

    public static Optional<RpcMethod<?, ?>> byCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
