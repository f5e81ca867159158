package dev.pegasus.bench;

import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Closed-loop load through the client: each thread issues one request at a time, so latency is what
 * a caller sees. Bounded by an operation count and a time limit; prints one table row per phase.
 */
@Command(name = "client-bench", mixinStandardHelpOptions = true)
public final class ClientBench implements Callable<Integer> {
    @Option(names = "--meta", defaultValue = "127.0.0.1:34601")
    String meta;
    @Option(names = "--table", defaultValue = "bench")
    String tableName;
    @Option(names = "--partitions", defaultValue = "8")
    int partitions;
    @Option(names = "--replicas", defaultValue = "1", description = "copies of each partition")
    int replicas;
    @Option(names = "--durability", defaultValue = "sync", description = "sync (fsync before ack) or async")
    String durability;
    @Option(names = "--threads", defaultValue = "32")
    int threads;
    @Option(names = "--ops", defaultValue = "1000000", description = "operations per phase")
    long ops;
    @Option(names = "--records", defaultValue = "100000", description = "distinct keys")
    int records;
    @Option(names = "--value-size", defaultValue = "1024")
    int valueSize;
    @Option(names = "--time-limit-s", defaultValue = "120", description = "each phase stops after this long")
    int timeLimitSeconds;
    @Option(names = "--phases", defaultValue = "set,get", split = ",")
    List<String> phases;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientBench()).execute(args));
    }

    private interface Operation {
        void run(PegasusTable table, byte[] hashKey, byte[] sortKey, byte[] value);
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(5))
                .ioThreads(2).build();
        try (PegasusClient client = PegasusClient.open(options)) {
            client.admin().createTableIfAbsent(tableName, partitions, replicas,
                    Map.of(TableEnvs.DURABILITY, durability));
            PegasusTable table = client.openTable(tableName);
            System.out.printf("table %s: %d partitions x %d replicas, %s writes, %d threads, %d-byte values%n",
                    tableName, partitions, replicas, durability, threads, valueSize);
            System.out.printf("%-6s %9s %8s %10s %9s %9s %9s %7s%n", "op", "ops", "seconds", "ops/s", "p50(us)",
                    "p99(us)", "p999(us)", "errors");
            for (String phase : phases) {
                Operation operation = switch (phase) {
                    case "set" -> (t, hk, sk, v) -> t.set(hk, sk, v);
                    case "get" -> (t, hk, sk, v) -> t.get(hk, sk);
                    default -> throw new IllegalArgumentException("unknown phase '" + phase + "': use set or get");
                };
                run(phase, table, operation);
            }
        }
        return 0;
    }

    private void run(String phase, PegasusTable table, Operation operation) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong issued = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeLimitSeconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                Random random = new Random(seed);
                byte[] value = new byte[valueSize];
                random.nextBytes(value);
                while (issued.getAndIncrement() < ops && System.nanoTime() < deadline) {
                    int record = random.nextInt(records);
                    byte[] hashKey = ("user" + record).getBytes(StandardCharsets.UTF_8);
                    long begin = System.nanoTime();
                    try {
                        operation.run(table, hashKey, "field0".getBytes(StandardCharsets.UTF_8), value);
                        recorder.recordValue((System.nanoTime() - begin) / 1000);
                    } catch (PegasusException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        var histogram = recorder.getIntervalHistogram();
        long done = histogram.getTotalCount();
        System.out.printf("%-6s %9d %8.1f %10.0f %9d %9d %9d %7d%n", phase, done, seconds, done / seconds,
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), errors.get());
    }
}
