// Shared scalar types. Custom Pegasus wire types are carried as plain Thrift scalars so that
// the byte layout matches Apache Pegasus while the generated code stays standard.
namespace java dev.pegasus.protocol.thrift

// Raw bytes (keys, values).
typedef binary blob

// Name of an ErrorCode constant, e.g. "ERR_OK". Encoded as a bare Thrift string on the wire.
typedef string error_code

// IPv4 address and port packed as (ip << 32) | (port << 16) | 1. See dev.pegasus.protocol.RpcAddress.
typedef i64 rpc_address

// Partition id packed as (partition_index << 32) | app_id. See dev.pegasus.protocol.Gpid.
typedef i64 gpid
