// Bulk loads: SST files generated offline (bulkload/FORMAT.md) that the replicas of a live table
// download and ingest. Admin requests to the meta server, the state it keeps in ZooKeeper, and the
// tasks and reports it exchanges with replica servers through their config syncs.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

// The state of a bulk load and of each of its partitions.
enum bulk_load_status
{
    BLS_DOWNLOADING,   // replicas are downloading and checking the files
    BLS_DOWNLOADED,    // every replica of the partition holds its files, checked
    BLS_INGESTING,     // the primary places the ingestion at a decree; every replica ingests there
    BLS_SUCCEEDED,
    BLS_FAILED,
    BLS_PAUSED,        // no transfers; files already downloaded are kept
    BLS_CANCELED
}

// One partition of a bulk load, as the meta server persists it.
struct bulk_load_partition_state
{
    1:i32               index;
    2:bulk_load_status  status;
    3:i64               ingest_decree;   // once ingested
    4:i32               failures;        // failed attempts so far
    5:optional string   error;
    // What its replicas had downloaded when all had: they forget a load once it ends, and the
    // progress of a finished load still shows it.
    6:optional i32      replicas_downloaded;
    7:optional i64      bytes_downloaded;
}

// A bulk load as the meta server persists it in ZooKeeper.
struct bulk_load_state
{
    1:string                           load_id;
    2:string                           app_name;
    3:i32                              app_id;
    4:string                           root;          // the directory holding bulk_load_info.json
    5:bulk_load_status                 status;
    6:i64                              start_time_ms;
    7:i64                              end_time_ms;
    8:i32                              partition_count;
    9:i64                              record_count;
    10:i64                             bytes;
    11:list<bulk_load_partition_state> partitions;
    12:optional string                 error;
}

// Progress of a partition, as the meta server last heard it from the replicas (not persisted).
struct bulk_load_partition_progress
{
    1:i32               index;
    2:bulk_load_status  status;
    3:i32               replicas_downloaded;
    4:i32               replica_count;
    5:i64               bytes_done;      // summed over the partition's replicas
    6:i64               bytes_total;
    7:i64               ingest_decree;
    8:optional string   error;
}

struct bulk_load_item
{
    1:bulk_load_state                     state;
    2:list<bulk_load_partition_progress>  progress;
}

struct start_bulk_load_request
{
    1:string  app_name;
    2:string  root;
}

struct start_bulk_load_response
{
    1:base.error_code  err;
    2:string           hint_message;
    3:string           load_id;
}

struct query_bulk_load_request
{
    1:optional string  app_name;   // every table when unset
    2:optional string  load_id;
}

struct query_bulk_load_response
{
    1:base.error_code       err;
    2:string                hint_message;
    3:list<bulk_load_item>  loads;
}

enum bulk_load_control
{
    BLC_PAUSE,
    BLC_RESUME,
    BLC_CANCEL
}

struct control_bulk_load_request
{
    1:string             app_name;
    2:bulk_load_control  control;
}

struct control_bulk_load_response
{
    1:base.error_code  err;
    2:string           hint_message;
}

// ---------------------------------------------------------------- meta <-> replica, in config syncs

enum bulk_load_task_kind
{
    BLT_DOWNLOAD,   // download and check the partition's files (every member of the partition)
    BLT_HOLD,       // stop transferring, keep what is downloaded (a paused load)
    BLT_INGEST      // primary only: place the ingestion at a decree through the replication path
}

struct bulk_load_task
{
    1:string               load_id;
    2:base.gpid            pid;
    3:string               root;
    4:bulk_load_task_kind  kind;
}

// What a replica server reports of one partition of a bulk load: BLS_DOWNLOADING, BLS_DOWNLOADED,
// BLS_SUCCEEDED (the primary ingested it at ingest_decree) or BLS_FAILED (with the error).
struct bulk_load_report
{
    1:string            load_id;
    2:base.gpid         pid;
    3:bulk_load_status  status;
    4:i64               bytes_done;
    5:i64               bytes_total;
    6:i64               ingest_decree;
    7:optional string   error;
}
