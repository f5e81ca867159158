// Table and partition descriptions shared by clients, meta servers and replica servers.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

// Sent before every request body; lets a server route and expire a request without decoding it.
struct request_meta
{
    1:optional i32  app_id;
    2:optional i32  partition_index;
    3:optional i32  client_timeout;      // milliseconds
    4:optional i64  partition_hash;
    5:optional bool is_backup_request;
}

enum app_status
{
    AS_INVALID,
    AS_AVAILABLE,
    AS_CREATING,
    AS_CREATE_FAILED,
    AS_DROPPING,
    AS_DROP_FAILED,
    AS_DROPPED,
    AS_RECALLING
}

struct app_info
{
    1:app_status          status = app_status.AS_INVALID;
    2:string              app_type;
    3:string              app_name;
    4:i32                 app_id;
    5:i32                 partition_count;
    6:map<string,string>  envs;
    7:bool                is_stateful;
    8:i32                 max_replica_count;
    9:i64                 expire_second;     // dropped tables: when the data may be deleted
    10:i64                create_second;
    11:i64                drop_second;
    // Apache Pegasus has 12:bool duplicating and 13:i32 init_partition_count here. Its readers skip these
    // two, whose types differ; the ids stay, as the meta server's stored state uses them.
    12:optional i32       init_partition_count;  // at creation: how a partition that never split hashes keys
    13:optional bool      splitting;             // a partition split is under way
}

struct partition_configuration
{
    1:base.gpid               pid;
    2:i64                     ballot;
    3:i32                     max_replica_count;
    4:base.rpc_address        primary;
    5:list<base.rpc_address>  secondaries;
    6:list<base.rpc_address>  last_drops;
    7:i64                     last_committed_decree;
    8:i32                     partition_flags;
    // The members by host name and port, as newer Apache Pegasus clients read them.
    9:optional base.host_port        hp_primary;
    10:optional list<base.host_port> hp_secondaries;
    11:optional list<base.host_port> hp_last_drops;
    // Meta server's store only, never sent: for each member (packed address), the start time of its
    // replica server's life in which it held or was given its role. A member in another life restarted.
    100:optional map<i64, i64> member_lives;
}

struct query_cfg_request
{
    1:string     app_name;
    2:list<i32>  partition_indices;   // empty: every partition
}

struct query_cfg_response
{
    1:base.error_code                    err;
    2:i32                                app_id;
    3:i32                                partition_count;
    4:bool                               is_stateful;
    5:list<partition_configuration>      partitions;
    // Per partition, in the order of partitions: empty when it serves as configured, otherwise why not.
    100:optional list<string>            partition_problems;
}

service meta
{
    query_cfg_response query_cfg(1:query_cfg_request query);
}
