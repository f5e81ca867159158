package dev.pegasus.shell;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.TableConfiguration;
import dev.pegasus.protocol.PartitionHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A small workload against a running cluster: create a table, write and read it back, show where data lives. */
@Command(name = "demo", mixinStandardHelpOptions = true)
public final class Demo implements Callable<Integer> {
    @Option(names = "--meta", defaultValue = "127.0.0.1:34601")
    String meta;
    @Option(names = "--onebox", description = "the onebox directory, to show where data lives")
    String onebox;
    @Option(names = "--table", defaultValue = "demo")
    String tableName;
    @Option(names = "--records", defaultValue = "5000")
    int records;
    @Option(names = "--nodes", defaultValue = "3", description = "replica servers to wait for")
    int nodes;
    @Option(names = "--replicas", defaultValue = "3", description = "copies of each partition")
    int replicas;

    /** Writes in flight at once: enough to show pipelining, few enough to stay within the timeout. */
    private static final int WINDOW = 200;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo()).execute(args));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(10)).build();
        try (PegasusClient client = PegasusClient.open(options)) {
            System.out.printf("connected to meta server %s; %d replica servers alive%n", meta, awaitNodes(client));
            int appId = client.admin().createTableIfAbsent(tableName, 8, replicas, Map.of());
            System.out.printf("table '%s' ready (app id %d, 8 partitions, %d replicas each)%n", tableName, appId, replicas);
            PegasusTable table = client.openTable(tableName);
            long started = System.nanoTime();
            for (int done = 0; done < records; done += WINDOW) {
                int end = Math.min(records, done + WINDOW);
                CompletableFuture<?>[] writes = new CompletableFuture<?>[end - done];
                for (int i = done; i < end; i++) {
                    writes[i - done] = table.asyncSet(utf8(hashKey(i)), utf8("item" + i), utf8("value-" + i), 0);
                }
                CompletableFuture.allOf(writes).join();
                if (end % 1000 == 0 || end == records) {
                    System.out.printf("  wrote %d / %d records%n", end, records);
                }
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            int mismatches = 0;
            for (int i = 0; i < records; i++) {
                byte[] value = table.get(utf8(hashKey(i)), utf8("item" + i));
                if (!Arrays.equals(value, utf8("value-" + i))) {
                    mismatches++;
                }
                if ((i + 1) % 1000 == 0 || i + 1 == records) {
                    System.out.printf("  read %d / %d records%n", i + 1, records);
                }
            }
            double readSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("wrote %d records in %.2f s, read them back in %.2f s: %s%n", records, writeSeconds,
                    readSeconds, mismatches == 0 ? "all values match" : mismatches + " MISMATCHES");
            System.out.printf("hash key %s holds %d records; incr demo counter -> %d%n", hashKey(0),
                    table.sortKeyCount(utf8(hashKey(0))), table.incr(utf8("counters"), utf8("demo_runs"), 1, 0));
            showPlacement(client, table);
            return mismatches == 0 ? 0 : 1;
        }
    }

    /** Waits (up to 30 s) for the replica servers to report in, so partitions spread over all of them. */
    private long awaitNodes(PegasusClient client) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long alive;
        while ((alive = client.admin().listNodes().stream().filter(n -> n.alive()).count()) < nodes
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return alive;
    }

    private static String hashKey(int i) {
        return "user" + (i % 500);
    }

    private void showPlacement(PegasusClient client, PegasusTable table) {
        TableConfiguration config = client.admin().queryConfig(tableName);
        Map<String, Integer> recordsPerNode = new TreeMap<>();
        for (int i = 0; i < records; i++) {
            int partition = PartitionHash.partitionIndex(PartitionHash.of(utf8(hashKey(i)), new byte[0]),
                    table.partitionCount());
            recordsPerNode.merge(config.partitions().get(partition).primary(), 1, Integer::sum);
        }
        System.out.println("records by the replica server that is their primary:");
        recordsPerNode.forEach((node, count) -> System.out.printf("  %-22s %d%n", node, count));
        if (onebox != null) {
            System.out.printf("data of partition <app>.<index> lives in %s/replicaN/data/replicas/%d.<index>; logs in %s/*/log%n",
                    onebox, config.appId(), onebox);
        }
        System.out.printf("try: bin/pegasus shell -e \"use %s; get %s item0; app %s -d\"%n", tableName, hashKey(0),
                tableName);
    }
}
