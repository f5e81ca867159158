package dev.pegasus.server.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void recordsTimesFromTheInjectedClock() {
        AtomicLong clock = new AtomicLong();
        History history = new History(clock::get);
        clock.set(10);
        long write = history.invoke(1, "k", Op.write("a"));
        clock.set(15);
        long read = history.invoke(2, "k", Op.read());
        clock.set(20);
        history.ok(write, null);
        clock.set(25);
        history.ok(read, "a");

        assertEquals(List.of(
                new Operation(write, 1, "k", Op.write("a"), 10, 20, Outcome.OK, null),
                new Operation(read, 2, "k", Op.read(), 15, 25, Outcome.OK, "a")), history.operations());
    }

    @Test
    void unknownAndFailedOutcomes() {
        AtomicLong clock = new AtomicLong();
        History history = new History(clock::incrementAndGet);
        long lost = history.invoke(1, "k", Op.write("a"));
        long rejected = history.invoke(1, "k", Op.cas(null, "b"));
        history.unknown(lost);
        history.failed(rejected);

        List<Operation> operations = history.operations();
        assertEquals(new Operation(lost, 1, "k", Op.write("a"), 1, Long.MAX_VALUE, Outcome.UNKNOWN, null),
                operations.get(0));
        assertEquals(new Operation(rejected, 1, "k", Op.cas(null, "b"), 2, 3, Outcome.FAILED, null),
                operations.get(1));
    }

    @Test
    void operationsStillInFlightAreReportedAsUnknown() {
        History history = new History(new AtomicLong()::incrementAndGet);
        history.invoke(1, "k", Op.write("a"));
        Operation pending = history.operations().get(0);
        assertEquals(Outcome.UNKNOWN, pending.outcome());
        assertEquals(Long.MAX_VALUE, pending.completeTime());
    }

    @Test
    void rejectsMistakesInRecording() {
        History history = new History();
        long read = history.invoke(1, "k", Op.read());
        long cas = history.invoke(1, "k", Op.cas("a", "b"));
        long write = history.invoke(1, "k", Op.write("b"));
        assertThrows(IllegalArgumentException.class, () -> history.ok(read, 42));
        assertThrows(IllegalArgumentException.class, () -> history.ok(cas, "yes"));
        assertThrows(IllegalArgumentException.class, () -> history.ok(write, "b"));
        assertThrows(IllegalArgumentException.class, () -> history.ok(99, null));
        history.ok(read, null);
        assertThrows(IllegalStateException.class, () -> history.ok(read, null));
        assertThrows(IllegalStateException.class, () -> history.unknown(read));
    }

    /**
     * Real threads against a {@link ConcurrentHashMap}, whose single-key operations are atomic: the
     * recorded history must check linearizable, which exercises recording and checking together.
     */
    @Test
    void concurrentClientsOfAnAtomicMapRecordALinearizableHistory() throws Exception {
        History history = new History();
        ConcurrentMap<String, String> store = new ConcurrentHashMap<>();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> runClient(history, store, client, 300)));
            }
            for (Future<?> future : running) {
                future.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Operation> operations = history.operations();
        assertEquals(clients * 300, operations.size());
        for (int i = 0; i < operations.size(); i++) {
            assertEquals(i, operations.get(i).id());
            assertEquals(Outcome.OK, operations.get(i).outcome());
        }
        CheckResult result = LinearizabilityChecker.check(operations);
        assertTrue(result.linearizable(), result.toString());
        assertEquals(3, result.keysChecked());
    }

    private static void runClient(History history, ConcurrentMap<String, String> store, int client, int count) {
        Random random = new Random(client);
        for (int n = 0; n < count; n++) {
            String key = "k" + random.nextInt(3);
            String value = client + "-" + n;
            switch (random.nextInt(3)) {
                case 0 -> {
                    long id = history.invoke(client, key, Op.read());
                    history.ok(id, store.get(key));
                }
                case 1 -> {
                    long id = history.invoke(client, key, Op.write(value));
                    store.put(key, value);
                    history.ok(id, null);
                }
                default -> {
                    String expected = random.nextBoolean() ? null : store.get(key);
                    long id = history.invoke(client, key, Op.cas(expected, value));
                    history.ok(id, compareAndSet(store, key, expected, value));
                }
            }
        }
    }

    private static boolean compareAndSet(ConcurrentMap<String, String> store, String key, String expected, String value) {
        Objects.requireNonNull(value);
        return expected == null ? store.putIfAbsent(key, value) == null : store.replace(key, expected, value);
    }
}
