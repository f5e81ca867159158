// Remote commands (Apache Pegasus's remote_command service): a command name and its arguments,
// answered with text. Its Go client and admin tools send them to meta and replica servers.
namespace java dev.pegasus.protocol.thrift

struct command
{
    1:string        cmd;
    2:list<string>  arguments;
}
