// Replica server <-> meta server. A replica server's periodic config sync doubles as its beacon:
// the meta renews the server's lease and answers with the replicas the server must serve.
include "base.thrift"
include "layer2.thrift"

namespace java dev.pegasus.protocol.thrift

enum partition_status
{
    PS_INVALID,
    PS_INACTIVE,
    PS_ERROR,
    PS_PRIMARY,
    PS_SECONDARY,
    PS_POTENTIAL_SECONDARY
}

struct replica_report
{
    1:base.gpid         pid;
    2:i64               ballot;
    3:partition_status  status;
    4:i64               last_committed_decree;
}

struct config_sync_request
{
    1:base.rpc_address     node;
    2:list<replica_report> replicas;          // replicas the server holds open now
    3:i64                  start_time_ms;     // distinguishes a restarted server from a live one
}

struct replica_assignment
{
    1:layer2.app_info                 info;
    2:layer2.partition_configuration  config;
}

struct config_sync_response
{
    1:base.error_code           err;
    2:list<replica_assignment>  assignments;  // replicas the server must serve, with their roles
    3:list<base.gpid>           garbage;      // replicas whose data the server may delete
    4:i64                       lease_ms;
}

service replica_meta
{
    config_sync_response config_sync(1:config_sync_request req);
}
