// Online partition split: a table's partition count doubles while it serves. Partition i's replicas
// copy their data into partition i + N on the same servers (a local checkpoint at one decree of the
// parent's log); the meta server then registers the child, and each of the two serves half of the
// parent's hash space.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

enum split_status
{
    SS_INVALID,
    SS_SPLITTING,       // parents are being split and children registered
    SS_PAUSED,          // no parent starts splitting; children already copied are still registered
    SS_CANCELING        // parents that copied their data undo it; then the table is back to N partitions
}

// Kept in ZooKeeper while a table splits.
struct split_state
{
    1:i32            app_id;
    2:i32            old_partition_count;
    3:split_status   status = split_status.SS_INVALID;
    4:list<i32>      registered;          // parents whose child is registered
    5:i64            start_ms;
}

// Meta server -> a parent's primary (in config sync answers): split the partition to this count.
struct split_task
{
    1:base.gpid  pid;
    2:i32        new_partition_count;
}

struct start_split_request
{
    1:string        app_name;
    2:optional i32  new_partition_count;   // if given, twice the table's count (Apache Pegasus sends it)
}

struct start_split_response
{
    1:base.error_code  err;
    2:string           hint_message;
    3:i32              new_partition_count;
}

// Values as Apache Pegasus's split_control_type (PAUSE, RESTART, CANCEL).
enum split_control
{
    SC_PAUSE,
    SC_RESUME,
    SC_CANCEL
}

struct control_split_request
{
    1:string         app_name;
    2:split_control  control;
}

struct control_split_response
{
    1:base.error_code  err;
    2:string           hint_message;
}

struct query_split_request
{
    1:string  app_name;
}

// A parent partition's split, as Apache Pegasus's query answer reports it.
enum partition_split_status
{
    NOT_SPLIT,
    SPLITTING,
    PAUSING,
    PAUSED,
    CANCELING
}

// Fields 1-4 as Apache Pegasus's query_split_response; ours from 100.
struct query_split_response
{
    1:base.error_code                        err;
    2:i32                                    new_partition_count;  // while a split runs: twice the old count
    3:map<i32, partition_split_status>       status;               // the parents whose child is not registered yet
    4:string                                 hint_message;
    100:bool                                 splitting;            // false: no split is under way (any earlier one finished)
    101:split_status                         table_status;
    102:i32                                  old_partition_count;
    103:i32                                  partition_count;      // the table's count now
    104:i32                                  registered;           // children registered so far
}
