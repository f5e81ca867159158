// Replica server <-> meta server. A replica server's periodic config sync doubles as its beacon:
// the meta renews the server's lease and answers with the replicas the server must serve.
include "base.thrift"
include "layer2.thrift"
include "backup.thrift"
include "bulk_load.thrift"
include "split.thrift"
include "duplication.thrift"

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
    5:optional bool     lagging;        // misses mutations its primary committed: not to be made primary
    6:optional i64      last_prepared_decree;  // the end of its log: ranks the members a partition recovers from
}

// The free space of a replica server's data directory, as its last check found it.
struct disk_space
{
    1:i64     free_bytes;
    2:i64     total_bytes;
    3:bool    low;              // below the server's minimum: it refuses writes and should hold no primary
    4:string  path;             // the directory checked
}

struct config_sync_request
{
    1:base.rpc_address     node;
    2:list<replica_report> replicas;          // replicas the server holds open now
    3:i64                  start_time_ms;     // distinguishes a restarted server from a live one
    4:optional list<backup.backup_task_report>  backups;   // uploads under way or finished
    5:optional list<backup.restore_report>      restores;  // new replicas fetching data from a backup
    6:optional list<bulk_load.bulk_load_report> bulk_loads;  // partitions of bulk loads downloading or ingesting
    7:optional bool                             leaving;     // the server stops: it serves nothing any more
    8:optional disk_space                       disk;        // free space of the data directory
    9:optional list<duplication.duplication_report> duplications;  // primaries' shipping progress
}

struct replica_assignment
{
    1:layer2.app_info                 info;
    2:layer2.partition_configuration  config;
}

struct config_sync_response
{
    1:base.error_code           err;
    2:list<replica_assignment>  assignments;  // configurations naming the server, and those of replicas it
                                              // holds without being a member any more (so it steps down)
    3:list<base.gpid>           garbage;      // replicas whose data the server may delete
    4:i64                       lease_ms;     // counted from the request's send time
    5:optional list<learner_invitation> invitations;  // for partitions whose primary the server is
    6:optional i64              start_time_ms;        // echo of the request's, to match this life of the server
    7:optional list<backup.backup_task>  backup_tasks;  // partitions (whose primary the server is) to back up
    8:optional list<bulk_load.bulk_load_task> bulk_load_tasks;  // partitions of bulk loads it holds a replica of
    10:optional list<split.split_task> split_tasks;  // partitions (whose primary the server is) to split
    9:optional list<base.gpid>  moved_away;   // replicas of live tables the server is no member of any more:
                                              // deleted unless the replica took a role meanwhile
    11:optional list<duplication.duplication_task> duplication_tasks;  // duplications of tables it holds
    12:optional i32             cluster_id;   // stamped into the timetag of every write
}

service replica_meta
{
    config_sync_response config_sync(1:config_sync_request req);
    update_partition_response update_partition(1:update_partition_request req);
}

service replica_replica
{
    oneway void message(1:replica_message message);
    checkpoint_chunk_response checkpoint_chunk(1:checkpoint_chunk chunk);
}

// ---------------------------------------------------------------- PacificA between replicas

// One plain write of a mutation: put a full stored value (header included) or delete a key.
struct write_op
{
    1:bool       is_delete;
    2:base.blob  key;
    3:base.blob  value;
}

// Work a mutation commands instead of writes: a partition split, or a bulk load's ingestion.
struct mutation_command
{
    1:optional i32     split_partition_count;   // split into this many partitions
    2:optional string  ingest_load_id;          // ingest this bulk load's files...
    3:optional string  ingest_root;             // ...found under this directory
}

// Client writes, or a command, placed at a decree by the primary of a ballot. Logs written before
// commands were typed carry a command as a single write under a reserved key (hash key length 0xFFFF).
struct mutation_data
{
    1:i64                       ballot;
    2:i64                       decree;
    3:i64                       last_committed_decree;
    4:list<write_op>            ops;
    5:optional mutation_command command;
}

enum replica_message_type
{
    RM_PREPARE,
    RM_PREPARE_ACK,
    RM_GROUP_CHECK,
    RM_GROUP_CHECK_REPLY,
    RM_ADD_LEARNER,
    RM_LEARN_REQUEST,
    RM_LEARN_RESPONSE,
    RM_LEARN_COMPLETED
}

// Every message between the replicas of a partition, one-way; which fields are set depends on the type.
struct replica_message
{
    1:replica_message_type                      type;
    2:base.gpid                                 pid;
    3:base.rpc_address                          sender;
    4:optional layer2.partition_configuration   config;
    5:optional mutation_data                    mutation;
    6:optional list<mutation_data>              mutations;
    7:optional i64                              ballot;
    8:optional i64                              decree;           // prepare ack; learn completed: prepared decree
    9:optional i64                              committed_decree;
    10:optional i64                             applied_decree;   // learn request
    11:optional i64                             checkpoint_decree; // learn response: -1 when no checkpoint
    12:optional bool                            ok;
    13:optional i64                             sender_life;      // learn completed: the learner server's life
}

// A chunk of a checkpoint shipped from a primary to a learner. The last chunk of the last file
// has `last` set: the learner then installs the checkpoint and answers.
struct checkpoint_chunk
{
    1:base.gpid         pid;
    2:base.rpc_address  sender;
    3:i64               decree;
    4:string            file_name;
    5:i64               offset;
    6:base.blob         data;
    7:bool              last_of_file;
    8:bool              last;
    9:i64               file_crc;      // CRC32C of the whole file, set on its last chunk
}

struct checkpoint_chunk_response
{
    1:base.error_code  err;
    2:bool             installed;      // after the last chunk: the learner replaced its store
}

// ---------------------------------------------------------------- primary -> meta

enum config_proposal_type
{
    CP_REMOVE_SECONDARY,
    CP_UPGRADE_TO_SECONDARY
}

struct update_partition_request
{
    1:base.gpid             pid;
    2:base.rpc_address      proposer;
    3:config_proposal_type  type;
    4:base.rpc_address      node;
    5:i64                   ballot;
    // upgrade to secondary: the life (start time) of the learner's server in which it caught up
    6:optional i64          node_life;
}

struct update_partition_response
{
    1:base.error_code                   err;
    2:layer2.partition_configuration    config;   // the configuration now in force
}

// A learner the meta server wants a primary to teach.
struct learner_invitation
{
    1:base.gpid         pid;
    2:base.rpc_address  node;
    3:i64               ballot;
}
