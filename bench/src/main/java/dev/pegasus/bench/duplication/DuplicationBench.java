package dev.pegasus.bench.duplication;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.Duplication;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Duplication between two clusters, in one run:
 * <ol>
 *   <li>the source's write capacity (closed loop, every thread writing as fast as it can) on a table
 *       without a duplication and on a duplicated one, after a warm-up, each measured twice in the
 *       order plain, duplicated, duplicated, plain;</li>
 *   <li>the lag under a steady load at half that capacity: for a sample of writes, the time from the
 *       source's acknowledgement until the write can be read at the remote;</li>
 *   <li>the catch-up rate: writes made while the duplication is paused, shipped once it starts.</li>
 * </ol>
 * Prints one line per figure (name=value) for the script to put in its table.
 */
@Command(name = "duplication-bench", mixinStandardHelpOptions = true)
public final class DuplicationBench implements Callable<Integer> {
    private static final byte[] SORT_KEY = "v".getBytes(StandardCharsets.UTF_8);

    @Option(names = "--source", required = true, description = "meta servers of the source cluster")
    String source;
    @Option(names = "--remote", required = true, description = "meta servers of the remote cluster")
    String remote;
    @Option(names = "--remote-name", required = true, description = "the remote cluster's name at the source")
    String remoteName;
    @Option(names = "--threads", defaultValue = "16")
    int threads;
    @Option(names = "--value-size", defaultValue = "1024")
    int valueSize;
    @Option(names = "--seconds", defaultValue = "30", description = "each phase's length")
    int seconds;
    @Option(names = "--backlog", defaultValue = "20000", description = "writes made while paused")
    int backlog;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DuplicationBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions sourceOptions = ClientOptions.builder().metaServers(source)
                .operationTimeout(Duration.ofSeconds(10)).build();
        ClientOptions remoteOptions = ClientOptions.builder().metaServers(remote)
                .operationTimeout(Duration.ofSeconds(10)).build();
        try (PegasusClient sourceClient = PegasusClient.open(sourceOptions);
                PegasusClient remoteClient = PegasusClient.open(remoteOptions)) {
            for (String table : List.of("plain", "duplicated")) {
                sourceClient.admin().createTableIfAbsent(table, 8, 3, Map.of());
            }
            remoteClient.admin().createTableIfAbsent("duplicated", 8, 3, Map.of());
            int dupid = sourceClient.admin().addDuplication("duplicated", remoteName);

            // Warmed up first, then measured in the order plain, duplicated, duplicated, plain (half a phase
            // each), so that neither table gains from the servers warming up or loses to their data growing.
            PegasusTable plainTable = sourceClient.openTable("plain");
            PegasusTable duplicatedTable = sourceClient.openTable("duplicated");
            closedLoop(plainTable, "warm", seconds / 2.0);
            double plainFirst = closedLoop(plainTable, "plain", seconds / 2.0);
            double duplicated = (closedLoop(duplicatedTable, "dup", seconds / 2.0)
                    + closedLoop(duplicatedTable, "dup2-", seconds / 2.0)) / 2;
            double plain = (plainFirst + closedLoop(plainTable, "plain2-", seconds / 2.0)) / 2;
            System.out.printf("capacity_plain_ops=%.0f%n", plain);
            System.out.printf("capacity_duplicated_ops=%.0f%n", duplicated);

            long[] lags = steadyLag(sourceClient.openTable("duplicated"), remoteClient.openTable("duplicated"),
                    plain / 2);
            System.out.printf("steady_rate_ops=%.0f%n", plain / 2);
            System.out.printf("lag_samples=%d%n", lags.length);
            System.out.printf("lag_p50_ms=%.1f%n", percentile(lags, 0.50) / 1e6);
            System.out.printf("lag_p99_ms=%.1f%n", percentile(lags, 0.99) / 1e6);
            System.out.printf("lag_max_ms=%.1f%n", percentile(lags, 1.0) / 1e6);

            System.out.printf("catch_up_records_per_s=%.0f%n", catchUp(sourceClient, remoteClient, dupid));
            Duplication after = sourceClient.admin().listDuplications("duplicated").get(0);
            System.out.printf("shipped_twice=%d%n", after.repeated().values().stream().mapToLong(Long::longValue)
                    .sum());
            sourceClient.admin().removeDuplication("duplicated", dupid);
        }
        return 0;
    }

    /** Writes as fast as the threads can for that long; returns writes acknowledged per second. */
    private double closedLoop(PegasusTable table, String prefix, double lengthSeconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] value = new byte[valueSize];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (long i = 0; !stop.get(); i++) {
                    try {
                        table.set(key(prefix + thread + "-" + i), SORT_KEY, value);
                        done.incrementAndGet();
                    } catch (PegasusException e) {
                        // counted by its absence
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep((long) (lengthSeconds * 1000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Writes at {@code rate} per second for the phase's length; one write in ten is followed until the
     * remote returns it, and the time from its acknowledgement to then is its lag.
     */
    private long[] steadyLag(PegasusTable source, PegasusTable remote, double rate) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();
        List<Long> lags = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread follower = new Thread(() -> {
            while (writing.get() || !pending.isEmpty()) {
                long[] sample = pending.peek();
                if (sample == null) {
                    pause(1);
                    continue;
                }
                try {
                    if (remote.get(key("lag" + sample[0]), SORT_KEY) != null) {
                        lags.add(System.nanoTime() - sample[1]);
                        pending.poll();
                        continue;
                    }
                } catch (PegasusException e) {
                    // the remote is busy: ask again
                }
                if (System.nanoTime() - sample[1] > TimeUnit.SECONDS.toNanos(60)) {
                    pending.poll();
                    lags.add(TimeUnit.SECONDS.toNanos(60));
                }
                pause(1);
            }
        });
        follower.start();
        byte[] value = new byte[valueSize];
        long intervalNanos = (long) (1e9 * threads / rate);
        List<Thread> writers = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                long due = System.nanoTime();
                while (System.nanoTime() < end) {
                    long i = next.getAndIncrement();
                    try {
                        source.set(key("lag" + i), SORT_KEY, value);
                        if (i % 10 == 0) {
                            pending.add(new long[] {i, System.nanoTime()});
                        }
                    } catch (PegasusException e) {
                        // a lost sample
                    }
                    due += intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        pause(TimeUnit.NANOSECONDS.toMillis(wait));
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        follower.join();
        return lags.stream().mapToLong(Long::longValue).toArray();
    }

    /** Pauses the duplication, writes the backlog, starts it again: shipped records per second until caught up. */
    private double catchUp(PegasusClient sourceClient, PegasusClient remoteClient, int dupid)
            throws InterruptedException {
        sourceClient.admin().pauseDuplication("duplicated", dupid);
        TimeUnit.SECONDS.sleep(2);
        PegasusTable source = sourceClient.openTable("duplicated");
        byte[] value = new byte[valueSize];
        AtomicLong next = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                for (long i = next.getAndIncrement(); i < backlog; i = next.getAndIncrement()) {
                    try {
                        source.set(key("backlog" + i), SORT_KEY, value);
                    } catch (PegasusException e) {
                        // shipped or not, it is not waited for
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        PegasusTable remote = remoteClient.openTable("duplicated");
        long start = System.nanoTime();
        sourceClient.admin().startDuplication("duplicated", dupid);
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Duplication duplication = sourceClient.admin().listDuplications("duplicated").get(0);
            if (duplication.pendingMutations() == 0 && remote.get(key("backlog" + (backlog - 1)), SORT_KEY) != null) {
                break;
            }
            pause(20);
        }
        return backlog / ((System.nanoTime() - start) / 1e9);
    }

    private static double percentile(long[] values, double quantile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
