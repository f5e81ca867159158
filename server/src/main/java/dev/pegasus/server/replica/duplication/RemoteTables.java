package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients of the remote clusters tables are duplicated to, one per cluster (by its meta servers),
 * with each table opened once. Thread-safe.
 */
public final class RemoteTables implements RemoteWrites {
    /** A batch may wait for the remote's primary to move; shipping again after a timeout costs nothing. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    private final Map<List<String>, PegasusClient> clients = new HashMap<>();
    private final Map<String, PegasusTable> tables = new HashMap<>();

    @Override
    public RemoteTable table(List<String> metas, String table) {
        return open(metas, table)::asyncApplyDuplicated;
    }

    private synchronized PegasusTable open(List<String> metas, String table) {
        String key = String.join(",", metas) + "/" + table;
        PegasusTable opened = tables.get(key);
        if (opened == null) {
            PegasusClient client = clients.computeIfAbsent(List.copyOf(metas), addresses -> PegasusClient.open(
                    ClientOptions.builder().metaServers(addresses).operationTimeout(SHIP_TIMEOUT).build()));
            opened = client.openTable(table);
            tables.put(key, opened);
        }
        return opened;
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(PegasusClient::close);
        clients.clear();
        tables.clear();
    }
}
