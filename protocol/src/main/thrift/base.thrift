// Shared base types. Apache Pegasus declares these as structs that its own classes write as a bare
// string or i64; here they are typedefs of that primitive, so the payload is the same, and
// codegen/ApacheBaseTypes.java turns the STRING or I64 in their field and list headers into the STRUCT
// an Apache peer expects (generate-thrift.sh runs it).
namespace java dev.pegasus.protocol.thrift

// Raw bytes (keys, values).
typedef binary blob

// Name of an ErrorCode constant, e.g. "ERR_OK". Encoded as a bare Thrift string on the wire.
typedef string error_code

// IPv4 address and port packed as (ip << 32) | (port << 16) | 1. See dev.pegasus.protocol.RpcAddress.
typedef i64 rpc_address

// Partition id packed as (partition_index << 32) | app_id. See dev.pegasus.protocol.Gpid.
typedef i64 gpid

// Host name and port (Apache Pegasus's hp_* fields): a bare string, i16 and byte under a STRUCT header.
// The generated class is replaced by the hand-written dev.pegasus.protocol.thrift.host_port.
struct host_port
{
}
