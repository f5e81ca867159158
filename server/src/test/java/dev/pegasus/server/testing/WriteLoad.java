package dev.pegasus.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writer threads overwriting a bounded set of keys, each remembering per key the last value the
 * cluster acknowledged and the values written since whose outcome is unknown (a failed or timed-out
 * write may still have been applied). {@link #verify} reads every key back: it must hold the last
 * acknowledged value or one of the unknown ones, never an older one, never nothing.
 */
public final class WriteLoad implements AutoCloseable {
    private static final byte[] SORT_KEY = "sk".getBytes(StandardCharsets.UTF_8);

    private record KeyHistory(String acknowledged, Set<String> uncertain) {}

    private final PegasusTable table;
    private final String prefix;
    private final int keysPerWriter;
    private final Map<String, KeyHistory> history = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<ErrorCode, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final int valueBytes;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> writers = new ArrayList<>();

    /**
     * Starts {@code writers} threads, each writing at most {@code writesPerWriter} times for at most
     * {@code maxDuration}.
     */
    public WriteLoad(PegasusTable table, String prefix, int writers, int keysPerWriter, int writesPerWriter,
            Duration maxDuration) {
        this(table, prefix, writers, keysPerWriter, writesPerWriter, maxDuration, 0);
    }

    /** As the other constructor, each value padded to {@code valueBytes} (when longer than its text). */
    public WriteLoad(PegasusTable table, String prefix, int writers, int keysPerWriter, int writesPerWriter,
            Duration maxDuration, int valueBytes) {
        this.valueBytes = valueBytes;
        this.table = table;
        this.prefix = prefix;
        this.keysPerWriter = keysPerWriter;
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int t = 0; t < writers; t++) {
            int writer = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < writesPerWriter && !stop.get() && System.nanoTime() < deadline; i++) {
                    write(prefix + writer + "-" + (i % keysPerWriter), padded("v" + i));
                }
            }, "writer-" + t);
            this.writers.add(thread);
            thread.start();
        }
    }

    private void write(String key, String value) {
        try {
            table.set(utf8(key), SORT_KEY, utf8(value));
            history.put(key, new KeyHistory(value, new HashSet<>()));
            acknowledged.incrementAndGet();
        } catch (PegasusException e) {
            history.compute(key, (k, known) -> {
                KeyHistory h = known == null ? new KeyHistory(null, new HashSet<>()) : known;
                h.uncertain().add(value);
                return h;
            });
            failed.incrementAndGet();
            failures.computeIfAbsent(e.code(), code -> new AtomicInteger()).incrementAndGet();
        }
    }

    private String padded(String value) {
        return value.length() >= valueBytes ? value : value + "#" + "x".repeat(valueBytes - value.length() - 1);
    }

    /** How many writes failed with the error. */
    public int failedWith(ErrorCode code) {
        AtomicInteger count = failures.get(code);
        return count == null ? 0 : count.get();
    }

    /** The failed writes by error. */
    public Map<ErrorCode, Integer> failures() {
        Map<ErrorCode, Integer> copy = new java.util.TreeMap<>();
        failures.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    public int acknowledged() {
        return acknowledged.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Waits until every writer has written its count or run out of time. */
    public void awaitDone() throws InterruptedException {
        for (Thread writer : writers) {
            writer.join();
        }
    }

    /** Stops the writers and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread writer : writers) {
            writer.join();
        }
    }

    /** Reads every key written back through {@code reader}; returns how many keys were checked. */
    public int verify(PegasusTable reader) {
        int checked = 0;
        for (Map.Entry<String, KeyHistory> entry : history.entrySet()) {
            byte[] stored = reader.get(utf8(entry.getKey()), SORT_KEY);
            KeyHistory h = entry.getValue();
            String actual = stored == null ? null : new String(stored, StandardCharsets.UTF_8);
            boolean ok = (actual == null ? h.acknowledged() == null : actual.equals(h.acknowledged()))
                    || h.uncertain().contains(actual);
            assertTrue(ok, entry.getKey() + ": read " + actual + " but last acknowledged " + h.acknowledged()
                    + " (unknown outcome: " + h.uncertain() + ")");
            checked++;
        }
        return checked;
    }

    /** How many distinct keys the writers touched. */
    public int keys() {
        return history.size();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
