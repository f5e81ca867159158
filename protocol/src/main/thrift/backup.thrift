// Backups of tables to a file store (HDFS, any Hadoop FileSystem, the local disk) and restores from
// them: admin requests to the meta server, the state it keeps in ZooKeeper, and the tasks and
// reports it exchanges with replica servers through their config syncs. The files written follow
// checkpoint-tools/FORMAT.md.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

enum backup_status
{
    BS_RUNNING,
    BS_SUCCEEDED,
    BS_FAILED
}

enum backup_partition_phase
{
    BP_PENDING,     // not uploaded yet (an upload may be under way)
    BP_UPLOADED     // files and partition manifest are in the file store
}

// One partition of a backup, as the meta server persists it.
struct backup_partition_state
{
    1:i32                     index;
    2:backup_partition_phase  phase;
    3:i64                     decree;      // once uploaded
    4:string                  dir;         // once uploaded: INDEX/CHECKPOINT, relative to the backup directory
    5:i32                     file_count;
    6:i64                     bytes;
    7:i32                     failures;    // failed attempts so far
}

// A backup as the meta server persists it in ZooKeeper.
struct backup_state
{
    1:string                        backup_id;
    2:string                        app_name;
    3:i32                           app_id;
    4:string                        root;            // the backup root URI
    5:backup_status                 status;
    6:i64                           start_time_ms;
    7:i64                           end_time_ms;
    8:i32                           partition_count;
    9:i32                           replica_count;
    10:map<string, string>          envs;
    11:list<backup_partition_state> partitions;
    12:optional string              error;
    13:optional string              policy_name;
}

// Progress of a partition's upload, as the meta server last heard it (not persisted).
struct backup_partition_progress
{
    1:i32     index;
    2:string  phase;            // PENDING, UPLOADING, UPLOADED
    3:i64     bytes_done;
    4:i64     bytes_total;
    5:i32     files_done;
    6:i32     files_total;
    7:i64     decree;
    8:optional string  node;    // the server uploading it
    9:optional string  error;   // the last failed attempt's error
}

struct backup_item
{
    1:backup_state                     state;
    2:list<backup_partition_progress>  progress;
}

struct start_backup_request
{
    1:string  app_name;
    2:string  backup_root;
}

struct start_backup_response
{
    1:base.error_code  err;
    2:string           hint_message;
    3:string           backup_id;
}

struct query_backup_status_request
{
    1:optional string  app_name;    // all tables when unset
    2:optional string  backup_id;   // all backups the meta server remembers when unset
}

struct query_backup_status_response
{
    1:base.error_code    err;
    2:string             hint_message;
    3:list<backup_item>  backups;
}

// A policy: back up some tables every interval, keep the newest backups.
struct backup_policy
{
    1:string        name;
    2:list<string>  app_names;
    3:i64           interval_seconds;
    4:i32           keep;             // completed backups kept per table; older ones are deleted
    5:string        backup_root;
    6:i64           start_after_ms;   // first backup not before this time
    7:bool          enabled;
}

enum backup_policy_operation
{
    BPO_ADD,
    BPO_REMOVE,
    BPO_LIST
}

struct backup_policy_request
{
    1:backup_policy_operation  op;
    2:optional backup_policy   policy;   // add
    3:optional string          name;     // remove
}

struct backup_policy_response
{
    1:base.error_code     err;
    2:string              hint_message;
    3:list<backup_policy> policies;
}

struct start_restore_request
{
    1:string           backup_root;
    2:string           backup_id;
    3:string           new_app_name;
    4:optional string  source_app_name;   // only needed when the id is ambiguous
    5:optional i32     replica_count;     // default: the backed-up table's
}

struct start_restore_response
{
    1:base.error_code  err;
    2:string           hint_message;
    3:i32              app_id;
    4:i32              partition_count;
}

// Restore progress of one partition, as its replicas reported it.
struct restore_partition_progress
{
    1:i32     index;
    2:i32     replicas_restored;
    3:i32     replica_count;
    4:i64     bytes_done;         // summed over the partition's replicas
    5:i64     bytes_total;
    6:bool    served;             // its primary serves requests
    7:optional string  error;
}

struct query_restore_status_request
{
    1:string  app_name;
}

struct query_restore_status_response
{
    1:base.error_code                       err;
    2:string                                hint_message;
    3:list<restore_partition_progress>      partitions;
}

// ---------------------------------------------------------------- meta <-> replica, in config syncs

// The meta server asks the primary of a partition to back it up.
struct backup_task
{
    1:string     backup_id;
    2:base.gpid  pid;
    3:string     app_name;
    4:i32        partition_count;
    5:string     backup_root;
}

enum backup_task_phase
{
    BT_UPLOADING,
    BT_UPLOADED,
    BT_FAILED
}

struct backup_task_report
{
    1:string             backup_id;
    2:base.gpid          pid;
    3:backup_task_phase  phase;
    4:i64                decree;
    5:string             dir;          // INDEX/CHECKPOINT, relative to the backup directory
    6:i32                file_count;
    7:i64                bytes_total;
    8:i64                bytes_done;
    9:i32                files_done;
    10:optional string   error;
}

// A replica server fetching a new replica's data from a backup.
struct restore_report
{
    1:base.gpid  pid;
    2:i64        bytes_done;
    3:i64        bytes_total;
    4:bool       done;
    5:optional string  error;
}
