// Administration requests from clients and the shell to the meta server. Shapes follow Apache
// Pegasus's meta_admin service.
include "base.thrift"
include "replication.thrift"
include "layer2.thrift"

namespace java dev.pegasus.protocol.thrift

enum node_status
{
    NS_INVALID,
    NS_ALIVE,
    NS_UNALIVE
}

struct create_app_options
{
    1:i32                  partition_count;
    2:i32                  replica_count;
    3:bool                 success_if_exist;
    4:string               app_type;
    5:bool                 is_stateful;
    6:map<string,string>   envs;
}

struct configuration_create_app_request
{
    1:string              app_name;
    2:create_app_options  options;
}

struct configuration_create_app_response
{
    1:base.error_code  err;
    2:i32              appid;
    3:string           hint_message;
}

struct drop_app_options
{
    1:bool          success_if_not_exist;
    2:optional i64  reserve_seconds;     // how long the data is kept for a recall
}

struct configuration_drop_app_request
{
    1:string            app_name;
    2:drop_app_options  options;
}

struct configuration_drop_app_response
{
    1:base.error_code  err;
    2:string           hint_message;
}

struct configuration_recall_app_request
{
    1:i32     app_id;
    2:string  new_app_name;               // empty: the name it had
}

struct configuration_recall_app_response
{
    1:base.error_code     err;
    2:layer2.app_info     info;
    3:string              hint_message;
}

struct configuration_list_apps_request
{
    1:layer2.app_status  status = layer2.app_status.AS_INVALID;   // AS_INVALID: every table
}

struct configuration_list_apps_response
{
    1:base.error_code        err;
    2:list<layer2.app_info>  infos;
}

enum app_env_operation
{
    APP_ENV_OP_INVALID,
    APP_ENV_OP_SET,
    APP_ENV_OP_DEL,
    APP_ENV_OP_CLEAR
}

struct configuration_update_app_env_request
{
    1:string                  app_name;
    2:app_env_operation       op = app_env_operation.APP_ENV_OP_INVALID;
    3:optional list<string>   keys;
    4:optional list<string>   values;
    5:optional string         clear_prefix;
}

struct configuration_update_app_env_response
{
    1:base.error_code  err;
    2:string           hint_message;
}

struct node_info
{
    1:node_status       status = node_status.NS_INVALID;
    2:base.rpc_address  address;
    3:optional base.host_port  hp_node;
    100:optional replication.disk_space  disk;   // as the node last reported it
}

struct configuration_list_nodes_request
{
    1:node_status  status = node_status.NS_INVALID;   // NS_INVALID: every node
}

struct configuration_list_nodes_response
{
    1:base.error_code  err;
    2:list<node_info>  infos;
}

struct configuration_cluster_info_request
{
}

struct configuration_cluster_info_response
{
    1:base.error_code  err;
    2:list<string>     keys;
    3:list<string>     values;
}

service admin_client
{
    configuration_create_app_response      create_app(1:configuration_create_app_request req);
    configuration_drop_app_response        drop_app(1:configuration_drop_app_request req);
    configuration_recall_app_response      recall_app(1:configuration_recall_app_request req);
    configuration_list_apps_response       list_apps(1:configuration_list_apps_request req);
    configuration_update_app_env_response  update_app_env(1:configuration_update_app_env_request req);
    configuration_list_nodes_response      list_nodes(1:configuration_list_nodes_request req);
    configuration_cluster_info_response    query_cluster_info(1:configuration_cluster_info_request req);
}
