// Key-value service of a replica server. Names, field ids and shapes follow Apache Pegasus's
// rrdb service so that existing clients speak to it unchanged.
//
// The per-operation "error" fields carry a storage status: 0 ok, 1 not found, 4 invalid argument,
// 7 incomplete (more data), 13 try again (check failed). Routing and liveness problems are reported
// in the frame's error_code instead (see dev.pegasus.protocol.ErrorCode).
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

enum filter_type
{
    FT_NO_FILTER,
    FT_MATCH_ANYWHERE,
    FT_MATCH_PREFIX,
    FT_MATCH_POSTFIX
}

enum cas_check_type
{
    CT_NO_CHECK,
    CT_VALUE_NOT_EXIST,
    CT_VALUE_NOT_EXIST_OR_EMPTY,
    CT_VALUE_EXIST,
    CT_VALUE_NOT_EMPTY,
    CT_VALUE_MATCH_ANYWHERE,
    CT_VALUE_MATCH_PREFIX,
    CT_VALUE_MATCH_POSTFIX,
    CT_VALUE_BYTES_LESS,
    CT_VALUE_BYTES_LESS_OR_EQUAL,
    CT_VALUE_BYTES_EQUAL,
    CT_VALUE_BYTES_GREATER_OR_EQUAL,
    CT_VALUE_BYTES_GREATER,
    CT_VALUE_INT_LESS,
    CT_VALUE_INT_LESS_OR_EQUAL,
    CT_VALUE_INT_EQUAL,
    CT_VALUE_INT_GREATER_OR_EQUAL,
    CT_VALUE_INT_GREATER
}

enum mutate_operation
{
    MO_PUT,
    MO_DELETE
}

struct update_request
{
    1:base.blob  key;                 // storage key: [u16 hash key length][hash key][sort key]
    2:base.blob  value;
    3:i32        expire_ts_seconds;   // 0: no TTL; else seconds since 2016-01-01T00:00:00Z
}

struct update_response
{
    1:i32     error;
    2:i32     app_id;
    3:i32     partition_index;
    4:i64     decree;
    5:string  server;
}

struct read_response
{
    1:i32        error;
    2:base.blob  value;
    3:i32        app_id;
    4:i32        partition_index;
    6:string     server;
}

struct ttl_response
{
    1:i32     error;
    2:i32     ttl_seconds;            // -1: the record has no TTL
    3:i32     app_id;
    4:i32     partition_index;
    6:string  server;
}

struct count_response
{
    1:i32     error;
    2:i64     count;
    3:i32     app_id;
    4:i32     partition_index;
    6:string  server;
}

struct key_value
{
    1:base.blob  key;
    2:base.blob  value;
}

struct multi_put_request
{
    1:base.blob        hash_key;
    2:list<key_value>  kvs;           // sort key -> value
    3:i32              expire_ts_seconds;
}

struct multi_remove_request
{
    1:base.blob        hash_key;
    2:list<base.blob>  sork_keys;     // empty: every sort key of the hash key (spelling kept for wire compatibility)
    3:i64              max_count;
}

struct multi_remove_response
{
    1:i32     error;
    2:i64     count;
    3:i32     app_id;
    4:i32     partition_index;
    5:i64     decree;
    6:string  server;
}

struct multi_get_request
{
    1:base.blob        hash_key;
    2:list<base.blob>  sork_keys;     // non-empty: fetch exactly these sort keys
    3:i32              max_kv_count;  // <= 0: unlimited
    4:i32              max_kv_size;   // <= 0: unlimited
    5:bool             no_value;
    6:base.blob        start_sortkey;
    7:base.blob        stop_sortkey;  // empty: up to the last sort key
    8:bool             start_inclusive;
    9:bool             stop_inclusive;
    10:filter_type     sort_key_filter_type;
    11:base.blob       sort_key_filter_pattern;
    12:bool            reverse;
}

struct multi_get_response
{
    1:i32              error;
    2:list<key_value>  kvs;
    3:i32              app_id;
    4:i32              partition_index;
    6:string           server;
}

struct full_key
{
    1:base.blob  hash_key;
    2:base.blob  sort_key;
}

struct batch_get_request
{
    1:list<full_key>  keys;
}

struct full_data
{
    1:base.blob  hash_key;
    2:base.blob  sort_key;
    3:base.blob  value;
}

struct batch_get_response
{
    1:i32              error;
    2:list<full_data>  data;          // only the keys that exist
    3:i32              app_id;
    4:i32              partition_index;
    6:string           server;
}

struct incr_request
{
    1:base.blob  key;
    2:i64        increment;
    3:i32        expire_ts_seconds;   // 0: keep the TTL; > 0: set it; < 0: clear it
}

struct incr_response
{
    1:i32     error;
    2:i64     new_value;
    3:i32     app_id;
    4:i32     partition_index;
    5:i64     decree;
    6:string  server;
}

struct check_and_set_request
{
    1:base.blob       hash_key;
    2:base.blob       check_sort_key;
    3:cas_check_type  check_type;
    4:base.blob       check_operand;
    5:bool            set_diff_sort_key;
    6:base.blob       set_sort_key;   // used when set_diff_sort_key
    7:base.blob       set_value;
    8:i32             set_expire_ts_seconds;
    9:bool            return_check_value;
}

struct check_and_set_response
{
    1:i32        error;               // 13 (try again): the check did not pass
    2:bool       check_value_returned;
    3:bool       check_value_exist;
    4:base.blob  check_value;
    5:i32        app_id;
    6:i32        partition_index;
    7:i64        decree;
    8:string     server;
}

struct mutate
{
    1:mutate_operation  operation;
    2:base.blob         sort_key;
    3:base.blob         value;
    4:i32               set_expire_ts_seconds;
}

struct check_and_mutate_request
{
    1:base.blob       hash_key;
    2:base.blob       check_sort_key;
    3:cas_check_type  check_type;
    4:base.blob       check_operand;
    5:list<mutate>    mutate_list;
    6:bool            return_check_value;
}

struct check_and_mutate_response
{
    1:i32        error;
    2:bool       check_value_returned;
    3:bool       check_value_exist;
    4:base.blob  check_value;
    5:i32        app_id;
    6:i32        partition_index;
    7:i64        decree;
    8:string     server;
}

struct get_scanner_request
{
    1:base.blob        start_key;     // storage keys
    2:base.blob        stop_key;      // empty: to the end of the partition
    3:bool             start_inclusive;
    4:bool             stop_inclusive;
    5:i32              batch_size;
    6:bool             no_value;
    7:filter_type      hash_key_filter_type;
    8:base.blob        hash_key_filter_pattern;
    9:filter_type      sort_key_filter_type;
    10:base.blob       sort_key_filter_pattern;
    11:optional bool   need_check_hash;
}

struct scan_request
{
    1:i64  context_id;
}

struct scan_response
{
    1:i32              error;
    2:list<key_value>  kvs;           // storage keys
    3:i64              context_id;    // -1: the scan is complete
    4:i32              app_id;
    5:i32              partition_index;
    6:string           server;
}

service rrdb
{
    update_response            put(1:update_request update);
    update_response            multi_put(1:multi_put_request request);
    update_response            remove(1:base.blob key);
    multi_remove_response      multi_remove(1:multi_remove_request request);
    incr_response              incr(1:incr_request request);
    check_and_set_response     check_and_set(1:check_and_set_request request);
    check_and_mutate_response  check_and_mutate(1:check_and_mutate_request request);
    read_response              get(1:base.blob key);
    multi_get_response         multi_get(1:multi_get_request request);
    batch_get_response         batch_get(1:batch_get_request request);
    count_response             sortkey_count(1:base.blob hash_key);
    ttl_response               ttl(1:base.blob key);
    scan_response              get_scanner(1:get_scanner_request request);
    scan_response              scan(1:scan_request request);
    oneway void                clear_scanner(1:i64 context_id);
}
