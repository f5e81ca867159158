package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.thrift.command;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The commands a server answers over {@code RPC_CLI_CLI_CALL}, as Apache Pegasus's servers answer
 * its admin tools: a name, a one-line description and a function from arguments to text.
 * {@code help} lists them.
 */
public final class RemoteCommands {
    private record Entry(String description, Function<List<String>, String> run) {}

    private final Map<String, Entry> commands = new ConcurrentSkipListMap<>();

    RemoteCommands() {
        add("help", "lists the commands this server answers", arguments -> help());
    }

    public void add(String name, String description, Function<List<String>, String> run) {
        if (commands.putIfAbsent(name, new Entry(description, run)) != null) {
            throw new IllegalStateException("remote command '" + name + "' is added twice");
        }
    }

    String answer(command request) {
        String name = request.getCmd() == null ? "" : request.getCmd().trim();
        Entry entry = commands.get(name);
        if (entry == null) {
            return "unknown command '" + name + "'; 'help' lists the commands";
        }
        return entry.run().apply(request.getArguments() == null ? List.of() : request.getArguments());
    }

    /** The commands by name, in order: the map is sorted. */
    private String help() {
        StringBuilder text = new StringBuilder();
        commands.forEach((name, entry) -> text.append(name).append(": ").append(entry.description()).append('\n'));
        return text.toString();
    }
}
