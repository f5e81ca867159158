package dev.pegasus.bench.ycsb;

import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import java.time.Duration;
import java.util.Map;
import site.ycsb.DBException;

/**
 * YCSB on Pegasus. Key mapping, as in Pegasus's own YCSB binding: the YCSB key is the hashKey, the
 * sortKey is empty, and all fields are packed into the one value. One hashKey per record spreads
 * records over partitions and makes each operation one single-key RPC. Records are hashed across
 * partitions, so there is no ordered range over YCSB keys: workload E (scan) is not run here.
 * Properties: pegasus.meta, pegasus.table, pegasus.partitions, pegasus.replicas, pegasus.durability,
 * pegasus.io_threads (the client's network threads, default 2).
 * One client is shared by all YCSB threads of the process.
 */
public final class PegasusYcsbClient extends PackedRecordDb {
    private static final byte[] EMPTY = new byte[0];
    private static PegasusClient client;
    private static int users;
    private PegasusTable table;

    @Override
    public void init() throws DBException {
        synchronized (PegasusYcsbClient.class) {
            try {
                if (client == null) {
                    client = PegasusClient.open(ClientOptions.builder()
                            .metaServers(property("pegasus.meta", "127.0.0.1:34601"))
                            .operationTimeout(Duration.ofSeconds(5))
                            .ioThreads(Integer.parseInt(property("pegasus.io_threads", "2"))).build());
                    client.admin().createTableIfAbsent(property("pegasus.table", "ycsb"),
                            Integer.parseInt(property("pegasus.partitions", "8")),
                            Integer.parseInt(property("pegasus.replicas", "3")),
                            Map.of(TableEnvs.DURABILITY, property("pegasus.durability", TableEnvs.SYNC)));
                }
                table = client.openTable(property("pegasus.table", "ycsb"));
                users++;
            } catch (Exception e) {
                throw setupFailed("pegasus", e);
            }
        }
    }

    @Override
    public void cleanup() {
        synchronized (PegasusYcsbClient.class) {
            if (--users == 0) {
                client.close();
                client = null;
            }
        }
    }

    @Override
    protected byte[] get(byte[] key) {
        return table.get(key, EMPTY);
    }

    @Override
    protected void put(byte[] key, byte[] value) {
        table.set(key, EMPTY, value);
    }

    @Override
    protected void delete(byte[] key) {
        table.del(key, EMPTY);
    }
}
