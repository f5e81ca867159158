// Load balancing and node decommissioning, between the shell and the meta server.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

// LIVELY: the balancer evens out primaries and replicas on its own. STEADY: it only finishes copies
// under way and drains decommissioned nodes; failed replicas are still replaced in both.
enum meta_level
{
    ML_INVALID,
    ML_STEADY,
    ML_LIVELY
}

// What the meta server keeps in ZooKeeper about balancing.
struct balance_settings
{
    1:meta_level               level = meta_level.ML_LIVELY;
    2:list<base.rpc_address>   draining;      // decommissioned nodes every replica must leave
}

// The meta level on the wire, with Apache Pegasus's values; only steady and lively are served here,
// and fl_invalid (or no level) asks for the level without changing it.
enum meta_function_level
{
    fl_stopped = 100,
    fl_blind = 200,
    fl_freezed = 300,
    fl_steady = 400,
    fl_lively = 500,
    fl_invalid = 10000
}

struct meta_control_request
{
    1:optional meta_function_level  level;
}

// Fields 1-2 as Apache Pegasus's configuration_meta_control_response.
struct meta_control_response
{
    1:base.error_code       err;
    2:meta_function_level   old_level;        // before the request
    3:string                hint_message;
    100:meta_function_level level;            // in force after the request
}

struct balance_plan_request
{
}

struct node_load
{
    1:base.rpc_address  node;
    2:bool              alive;
    3:bool              draining;
    4:i32               primaries;
    5:i32               replicas;
}

struct balance_plan_response
{
    1:base.error_code      err;
    2:meta_function_level  level;
    3:bool                 frozen;               // too few replica servers alive: nothing moves
    4:string            frozen_reason;
    5:list<node_load>   nodes;
    6:list<string>      moves_under_way;      // one line per replica copy in progress
    7:list<string>      next_steps;           // what the balancer would do in its next round
}

enum decommission_op
{
    DO_INVALID,
    DO_START,                                 // drain the node
    DO_CANCEL,                                // keep the node: it receives replicas again
    DO_QUERY
}

struct decommission_request
{
    1:base.rpc_address  node;
    2:decommission_op   op = decommission_op.DO_INVALID;
}

struct decommission_response
{
    1:base.error_code  err;
    2:bool             draining;
    3:i32              replicas_left;         // replicas the node still carries
    4:i32              primaries_left;
    5:bool             removable;             // draining and empty: the server may be stopped
    6:string           hint_message;
}
