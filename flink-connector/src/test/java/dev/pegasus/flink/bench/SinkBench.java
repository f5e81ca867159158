package dev.pegasus.flink.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.flink.sink.PegasusRecord;
import dev.pegasus.flink.sink.PegasusSink;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Sink throughput and end-to-end latency against a running cluster, on a local Flink MiniCluster of
 * parallelism 2: a generator source chained to the sink, so the sink takes each record the moment it is
 * generated and its {@code writeLatencyMs} histogram is the time from generation to acknowledgement.
 *
 * <ol>
 *   <li>throughput: {@code --records} records as fast as the sink takes them, records/s over the job's run
 *       time; once over 10,000 hash keys (about one request per record) and once over 100 hash keys
 *       (records of a hash key in a batch travel as one multi-set)</li>
 *   <li>latency: {@code --rate} records/s for {@code --seconds} s over 10,000 hash keys, once per flush
 *       interval in {@code --flush-ms}</li>
 * </ol>
 * Each record has its own sort key and a 100-byte value; tables of 8 partitions × 3 replicas.
 */
public final class SinkBench {
    private static final int MANY_HASH_KEYS = 10_000;
    private static final int FEW_HASH_KEYS = 100;
    private static final byte[] VALUE = "v".repeat(100).getBytes(UTF_8);

    private SinkBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String meta = options.get("meta");
        long records = Long.parseLong(options.getOrDefault("records", "30000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        long[] flushIntervals = Arrays.stream(options.getOrDefault("flush-ms", "100,10").split(","))
                .mapToLong(Long::parseLong).toArray();
        try (PegasusClient client = PegasusClient.open(ClientOptions.builder().metaServers(meta)
                .ddlTimeout(Duration.ofSeconds(120)).build())) {
            client.admin().createTableIfAbsent("flink_throughput", 8, 3, Map.of());
            client.admin().createTableIfAbsent("flink_latency", 8, 3, Map.of());
        }

        System.out.printf("%-40s %8s %8s %10s %8s %8s %8s%n", "phase", "records", "seconds", "records/s",
                "p50 ms", "p99 ms", "max ms");
        run("throughput, 10,000 hash keys", meta, "flink_throughput", records, MANY_HASH_KEYS, Integer.MAX_VALUE, 100);
        run("throughput, 100 hash keys", meta, "flink_throughput", 2 * records, FEW_HASH_KEYS, Integer.MAX_VALUE, 100);
        for (long flushMs : flushIntervals) {
            run("latency at " + rate + "/s, flush " + flushMs + " ms", meta, "flink_latency", (long) rate * seconds,
                    MANY_HASH_KEYS, rate, flushMs);
        }
    }

    /** One job on a MiniCluster of its own, with a metric reporter of its own to read the latencies from. */
    private static void run(String phase, String meta, String table, long records, int hashKeys, int perSecond,
            long flushMs) throws Exception {
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2,
                reporter.addToConfiguration(new Configuration()));
        DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(i -> i, records,
                perSecond == Integer.MAX_VALUE ? RateLimiterStrategy.noOp() : RateLimiterStrategy.perSecond(perSecond),
                Types.LONG);
        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(PegasusSink.<Long>builder().setMetaServers(meta).setTable(table)
                        .setFlushInterval(Duration.ofMillis(flushMs))
                        .setSerializer(i -> PegasusRecord.set(("user" + i % hashKeys).getBytes(UTF_8),
                                ("event" + i).getBytes(UTF_8), VALUE))
                        .build());
        JobExecutionResult job = env.execute(phase);
        double seconds = job.getNetRuntime() / 1000.0;
        print(phase, records, seconds, latencies(reporter, job));
    }

    /** Every latency the sink subtasks of the job recorded (the last 10,000 of each). */
    private static long[] latencies(InMemoryReporter reporter, JobExecutionResult job) {
        return reporter.findMetrics(job.getJobID(), "writeLatencyMs").values().stream()
                .flatMapToLong(metric -> LongStream.of(((Histogram) metric).getStatistics().getValues()))
                .sorted().toArray();
    }

    private static void print(String phase, long records, double seconds, long[] sortedLatencies) {
        System.out.printf("%-40s %8d %8.1f %10.0f %8d %8d %8d%n", phase, records, seconds, records / seconds,
                quantile(sortedLatencies, 0.50), quantile(sortedLatencies, 0.99),
                sortedLatencies.length == 0 ? 0 : sortedLatencies[sortedLatencies.length - 1]);
    }

    private static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (!options.containsKey("meta")) {
            throw new IllegalArgumentException("usage: SinkBench --meta host:port[,host:port] [--records N] [--rate N] "
                    + "[--seconds N] [--flush-ms 100,10]");
        }
        return options;
    }
}
