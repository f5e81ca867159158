package dev.pegasus.server.sim;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A single-threaded discrete-event scheduler: simulated milliseconds, events in time order (ties in
 * scheduling order), one seeded random source. Same seed, same run.
 */
final class Simulation {
    private record Event(long at, long sequence, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private final Random random;
    private long now;
    private long sequence;
    private long eventsRun;

    Simulation(long seed) {
        this.random = new Random(seed);
    }

    long now() {
        return now;
    }

    Random random() {
        return random;
    }

    long eventsRun() {
        return eventsRun;
    }

    void schedule(long delayMillis, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayMillis), sequence++, action));
    }

    /** Runs events until the queue is empty or simulated time passes {@code until}; {@code afterEach} runs after every event. */
    void runUntil(long until, Runnable afterEach) {
        runUntil(until, afterEach, () -> false);
    }

    /** As {@link #runUntil(long, Runnable)}, stopping early once {@code done} holds after an event. */
    void runUntil(long until, Runnable afterEach, BooleanSupplier done) {
        while (!queue.isEmpty() && queue.peek().at <= until && !done.getAsBoolean()) {
            Event event = queue.poll();
            now = event.at;
            event.action.run();
            eventsRun++;
            afterEach.run();
        }
        now = Math.max(now, until);
    }

    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }
}
