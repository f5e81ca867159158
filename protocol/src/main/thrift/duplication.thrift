// Duplication: tables replicated asynchronously to a table of the same name in another cluster.
// The admin requests and the entries they answer with keep Apache Pegasus's field ids and names, so
// its tools can read them; fields of our own start at 100. The primaries of a duplicated table ship
// committed writes with `duplicate` requests to the remote cluster, and report how far they got
// through their config syncs.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

// INIT -> PREPARE -> APP -> LOG; LOG <-> PAUSE; any -> REMOVED.
enum duplication_status
{
    DS_INIT = 0,
    DS_PREPARE,   // checkpoints of the source are being copied to the remote (a full duplication)
    DS_APP,       // the remote table is being created or loaded from those checkpoints
    DS_LOG,       // primaries ship committed writes from their logs
    DS_PAUSE,     // shipping stopped; the log is kept (within its bound) for a later start
    DS_REMOVED,
}

// What a primary does when the log it has not shipped yet outgrows its bound.
enum duplication_fail_mode
{
    FAIL_SLOW = 0,  // keep the log and retry for ever; writes go on and the lag grows
    FAIL_SKIP,      // drop what is past the bound and count it as skipped
    FAIL_FAST,      // stop the duplication
}

struct duplication_add_request
{
    1:string         app_name;
    2:string         remote_cluster_name;
    3:optional bool  is_duplicating_checkpoint = true;  // copy the table's data first
    // As Apache Pegasus 2.6 names them; a remote table of another name or replica count is refused.
    4:optional string  remote_app_name;
    5:optional i32     remote_replica_count;   // 0: the source table's
}

struct duplication_add_response
{
    1:base.error_code  err;
    2:i32              appid;
    3:i32              dupid;
    4:optional string  hint;
    5:optional string  remote_app_name;        // the remote table's name: the source table's
    6:optional i32     remote_replica_count;   // the remote table's replica count: the source table's
}

struct duplication_modify_request
{
    1:string                          app_name;
    2:i32                             dupid;
    3:optional duplication_status     status;     // DS_LOG (start), DS_PAUSE or DS_REMOVED
    4:optional duplication_fail_mode  fail_mode;
}

struct duplication_modify_response
{
    1:base.error_code  err;
    2:i32              appid;
    100:optional string hint;
}

struct duplication_entry
{
    1:i32                             dupid;
    2:duplication_status              status;
    3:string                          remote;     // the remote cluster's name
    4:i64                             create_ts;  // ms since the epoch
    5:optional map<i32, i64>          progress;   // partition index -> confirmed decree (shipped and applied remotely)
    7:optional duplication_fail_mode  fail_mode;
    100:optional string               app_name;
    101:optional map<i32, i64>        committed;  // partition index -> the primary's committed decree when it reported
    102:optional map<i32, i64>        lag_ms;     // partition index -> age of the oldest committed write not yet confirmed
    103:optional map<i32, i64>        skipped;    // partition index -> writes dropped by FAIL_SKIP
    104:optional map<i32, i64>        repeated;   // partition index -> writes shipped more than once
    105:optional string               phase_note; // how a full duplication's copy stands (DS_PREPARE, DS_APP)
}

struct duplication_query_request
{
    1:string  app_name;
}

struct duplication_query_response
{
    1:base.error_code          err;
    3:i32                      appid;
    4:list<duplication_entry>  entry_list;
    100:optional string        hint;
}

// What the meta server keeps in ZooKeeper for each duplication.
struct duplication_state
{
    1:i32                    dupid;
    2:i32                    appid;
    3:string                 app_name;
    4:string                 remote_cluster;
    5:duplication_status     status;
    6:duplication_fail_mode  fail_mode;
    7:i64                    create_ts;
    8:map<i32, i64>          confirmed;   // partition index -> confirmed decree
    9:map<i32, i64>          skipped;     // partition index -> writes dropped by FAIL_SKIP
    10:optional map<i32, i64> repeated;   // partition index -> writes shipped more than once
    11:optional i32          partition_count;  // the table's when the duplication was added: higher
                                               // indexes are split children, which start at their split
    12:optional string       checkpoint_root;  // a full duplication: where the source's checkpoints are copied
    13:optional string       checkpoint_backup_id;  // the backup of the source that seeds the remote table
}

// ---------------------------------------------------------------- meta server <-> replica servers

// A duplication of a table the replica server holds primaries of, in its config sync answer.
struct duplication_task
{
    1:i32                    appid;
    2:i32                    dupid;
    3:string                 remote_cluster;
    4:list<string>           remote_metas;    // host:port of the remote cluster's meta servers
    5:string                 remote_app_name;
    6:duplication_status     status;
    7:duplication_fail_mode  fail_mode;
    8:map<i32, i64>          confirmed;       // partition index -> decree a new primary resumes after
    9:optional i32           partition_count; // the table's when the duplication was added
}

// A primary's progress, in its config sync.
struct duplication_report
{
    1:base.gpid  pid;
    2:i32        dupid;
    3:i64        confirmed_decree;
    4:i64        committed_decree;
    5:i64        lag_ms;
    6:i64        skipped;
    7:optional i64 repeated;      // writes the remote already held, since this primary started shipping
}

// ---------------------------------------------------------------- source primary -> remote primary

// One write of a committed mutation: a put of a full stored value (whose header carries the timetag),
// or a delete, which carries its own timetag (with the delete flag); the remote keeps it as a tombstone.
struct duplicated_write
{
    1:base.blob           key;      // storage key: hash key and sort key
    2:optional base.blob  value;    // absent for a delete
    3:i64                 timetag;
}

struct duplicate_entry
{
    1:optional i64                      timestamp;       // when the source shipped them, microseconds
    4:optional i8                       cluster_id;      // the source cluster
    5:optional bool                     verify_timetag;  // apply a write only if newer than what its key holds
    100:optional list<duplicated_write> writes;
}

struct duplicate_request
{
    1:list<duplicate_entry>  entries;
}

struct duplicate_response
{
    1:optional i32     error;
    2:optional string  error_hint;
    100:optional i64   applied;   // writes applied (the others were older than what the keys held)
    101:optional i64   repeated;  // of those, writes the keys held already: shipped before
}
