package dev.pegasus.bench.scale;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A closed-loop mixed load (half sets, half gets of 1 KiB values over a fixed key space) for a fixed
 * time, writing one line per second: seconds since start, operations completed in that second, and
 * errors the client reported after its own retries. Meant to run while the cluster changes under it.
 */
@Command(name = "timeline-load", mixinStandardHelpOptions = true)
public final class TimelineLoad implements Callable<Integer> {
    /** The keys TableLoader writes: "record" + i, sort key "v". */
    private static final byte[] SORT_KEY = "v".getBytes(StandardCharsets.UTF_8);

    @Option(names = "--meta", required = true)
    String meta;
    @Option(names = "--table", required = true)
    String tableName;
    @Option(names = "--threads", defaultValue = "16")
    int threads;
    @Option(names = "--records", defaultValue = "50000")
    int records;
    @Option(names = "--value-size", defaultValue = "1024")
    int valueSize;
    @Option(names = "--seconds", defaultValue = "120")
    int seconds;
    @Option(names = "--out", required = true, description = "the per-second timeline (CSV)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TimelineLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(10))
                .build();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (PegasusClient client = PegasusClient.open(options)) {
            PegasusTable table = client.openTable(tableName);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                byte[] value = new byte[valueSize];
                Thread worker = new Thread(() -> {
                    while (!stop.get()) {
                        byte[] key = ("record" + random.nextInt(records)).getBytes(StandardCharsets.UTF_8);
                        try {
                            if (random.nextBoolean()) {
                                table.set(key, SORT_KEY, value);
                            } else {
                                table.get(key, SORT_KEY);
                            }
                            done.incrementAndGet();
                        } catch (PegasusException e) {
                            errors.incrementAndGet();
                        }
                    }
                }, "load-" + t);
                worker.start();
                workers.add(worker);
            }
            try (PrintWriter timeline = new PrintWriter(Files.newBufferedWriter(out))) {
                timeline.println("second,ops,errors");
                long start = System.nanoTime();
                long lastOps = 0;
                long lastErrors = 0;
                for (int second = 1; second <= seconds; second++) {
                    long wake = start + second * 1_000_000_000L;
                    Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
                    long ops = done.get();
                    long errs = errors.get();
                    timeline.printf("%d,%d,%d%n", second, ops - lastOps, errs - lastErrors);
                    timeline.flush();
                    lastOps = ops;
                    lastErrors = errs;
                }
            } finally {
                stop.set(true);
                for (Thread worker : workers) {
                    worker.join();
                }
            }
        }
        return 0;
    }
}
