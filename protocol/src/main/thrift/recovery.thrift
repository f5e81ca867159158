// Forcing a partition whose last members are gone back into service, between the shell and the meta server.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

struct force_recovery_request
{
    1:string            app_name;
    2:i32               partition_index;
    3:optional base.rpc_address  node;        // the replica to recover from; the best one alive when unset
    4:bool              confirmed;            // false: only say what would be done and what may be lost
}

struct force_recovery_response
{
    1:base.error_code   err;
    2:string            hint_message;         // what was (or would be) done, and what may be lost
    3:i64               ballot;               // the partition's ballot afterwards
}
