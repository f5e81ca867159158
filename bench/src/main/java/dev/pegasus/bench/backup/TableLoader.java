package dev.pegasus.bench.backup;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.TableEnvs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills a table with {@code records} distinct records ("record0" ... ) of random, incompressible
 * values, each written once; bounded by a time limit.
 */
@Command(name = "table-loader", mixinStandardHelpOptions = true)
public final class TableLoader implements Callable<Integer> {
    @Option(names = "--meta", required = true)
    String meta;
    @Option(names = "--table", required = true)
    String table;
    @Option(names = "--partitions", defaultValue = "8")
    int partitions;
    @Option(names = "--replicas", defaultValue = "3")
    int replicas;
    @Option(names = "--records", defaultValue = "100000")
    int records;
    @Option(names = "--value-size", defaultValue = "10240")
    int valueSize;
    @Option(names = "--threads", defaultValue = "16")
    int threads;
    @Option(names = "--time-limit-s", defaultValue = "900")
    int timeLimitSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TableLoader()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(10))
                .build();
        try (PegasusClient client = PegasusClient.open(options)) {
            client.admin().createTableIfAbsent(table, partitions, replicas, Map.of(TableEnvs.DURABILITY, TableEnvs.ASYNC));
            PegasusTable target = client.openTable(table);
            AtomicLong next = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeLimitSeconds).toNanos();
            long started = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    for (long i = next.getAndIncrement(); i < records && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        byte[] value = new byte[valueSize];
                        new Random(i).nextBytes(value);
                        try {
                            target.set(("record" + i).getBytes(StandardCharsets.UTF_8),
                                    "v".getBytes(StandardCharsets.UTF_8), value);
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "load-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = Math.min(next.get(), records) - failed.get();
            System.out.printf("loaded %d records of %d bytes (%.0f MiB) in %.1f s, %d failed%n", written, valueSize,
                    written * (double) valueSize / (1 << 20), seconds, failed.get());
            return failed.get() == 0 && written == records ? 0 : 1;
        }
    }
}
