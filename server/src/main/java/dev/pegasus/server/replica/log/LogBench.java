package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the file log's group commit: T threads, each standing for a partition that waits for its
 * last mutation to be logged before sending the next (as a replica does under a closed-loop client),
 * append N durable records of a given size between them. Prints appends/s, fsyncs/s and latency.
 *
 * <p>Usage: {@code LogBench [records=200000] [threads=32] [bytes=1024] [seconds=60] [dir=<temp dir>]
 * [segmentBytes=67108864] [preallocate=true]}. The run stops after {@code seconds} even if not all records were appended.
 * A temporary directory is deleted afterwards; a given one is left as it is.
 */
public final class LogBench {
    private LogBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        long records = Long.parseLong(options.getOrDefault("records", "200000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "32"));
        int bytes = Integer.parseInt(options.getOrDefault("bytes", "1024"));
        long seconds = Long.parseLong(options.getOrDefault("seconds", "60"));
        long segmentBytes = Long.parseLong(options.getOrDefault("segmentBytes", String.valueOf(FileMutationLog.DEFAULT_SEGMENT_BYTES)));
        boolean preallocate = Boolean.parseBoolean(options.getOrDefault("preallocate", "true"));
        boolean temporary = !options.containsKey("dir");
        Path dir = temporary ? Files.createTempDirectory("logbench") : Path.of(options.get("dir"));
        try {
            run(dir, records, threads, bytes, seconds, segmentBytes, preallocate);
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private static void run(Path dir, long records, int threads, int bytes, long seconds, long segmentBytes,
            boolean preallocate) throws InterruptedException {
        long[][] latencies = new long[threads][];
        AtomicLong claimed = new AtomicLong();
        long syncs;
        long started;
        long elapsed;
        try (FileMutationLog log = FileMutationLog.open(dir, segmentBytes, preallocate)) {
            log.replay(record -> {});
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            Thread[] workers = new Thread[threads];
            started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() -> latencies[index] = appendUntilDone(log, new Gpid(1, index), bytes,
                        records, claimed, deadline), "logbench-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            elapsed = System.nanoTime() - started;
            syncs = log.syncCount();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double secs = elapsed / 1e9;
        System.out.printf("appended %d durable records of %d bytes from %d threads in %.2f s, segments %s%n",
                all.length, bytes, threads, secs, preallocate ? "preallocated once busy" : "growing as written");
        System.out.printf("appends/s %.0f  fsyncs/s %.0f  appends per fsync %.1f  MB/s %.1f%n", all.length / secs,
                syncs / secs, all.length / (double) Math.max(1, syncs), all.length * (double) bytes / secs / 1e6);
        System.out.printf("append latency us: p50 %d  p99 %d  max %d%n", percentile(all, 0.50) / 1000,
                percentile(all, 0.99) / 1000, all.length == 0 ? 0 : all[all.length - 1] / 1000);
    }

    /** One closed-loop writer: appends and waits, until the shared count or the deadline is reached. */
    private static long[] appendUntilDone(MutationLog log, Gpid gpid, int bytes, long records, AtomicLong claimed,
            long deadline) {
        long[] latencies = new long[1024];
        int count = 0;
        byte[] payload = new byte[bytes];
        while (claimed.getAndIncrement() < records && System.nanoTime() < deadline) {
            long start = System.nanoTime();
            log.append(new LogRecord(gpid, 1, count + 1, count, payload), true).join();
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, count);
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
