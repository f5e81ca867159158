package dev.pegasus.shell;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import java.io.PrintWriter;
import java.util.Optional;

/** What the shell's commands share: the client, the table chosen with {@code use}, and the output. */
final class ShellSession implements AutoCloseable {
    private final PegasusClient client;
    private final PrintWriter out;
    private PegasusTable table;

    ShellSession(PegasusClient client, PrintWriter out) {
        this.client = client;
        this.out = out;
    }

    PegasusClient client() {
        return client;
    }

    PrintWriter out() {
        return out;
    }

    void use(String tableName) {
        table = client.openTable(tableName);
    }

    Optional<String> currentTableName() {
        return Optional.ofNullable(table).map(PegasusTable::name);
    }

    PegasusTable table() {
        if (table == null) {
            throw new IllegalArgumentException("no table is selected: run 'use TABLE' first");
        }
        return table;
    }

    @Override
    public void close() {
        client.close();
    }
}
