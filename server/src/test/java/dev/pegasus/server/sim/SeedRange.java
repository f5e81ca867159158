package dev.pegasus.server.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The seeds a simulation test runs: {@code -Dsim.seed=S} replays one, {@code -Dsim.first=F
 * -Dsim.seeds=N} runs F..F+N-1 (by default 0 and the test's own count).
 */
record SeedRange(long first, long count) {
    static SeedRange fromProperties(long defaultCount) {
        String single = System.getProperty("sim.seed");
        return single == null ? new SeedRange(Long.getLong("sim.first", 0), Long.getLong("sim.seeds", defaultCount))
                : new SeedRange(Long.parseLong(single), 1);
    }

    long last() {
        return first + count - 1;
    }

    /**
     * The results of the seeds that ran to their end, and a line for each failed seed (it threw, or its
     * result lists violations) with the command that replays it.
     */
    record Outcome<R>(List<R> results, List<String> failures) {
        long sum(ToLongFunction<R> count) {
            return results.stream().mapToLong(count).sum();
        }

        void printFailuresAndAssertNone() {
            failures.stream().limit(20).forEach(System.out::println);
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " seeds failed; first: " + failures.get(0));
            }
        }
    }

    /** Runs every seed; {@code violations} says what a result found wrong (empty: nothing). */
    <R> Outcome<R> run(String test, LongFunction<R> simulation, Function<R, List<String>> violations) {
        List<R> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (long seed = first; seed <= last(); seed++) {
            R result;
            try {
                result = simulation.apply(seed);
            } catch (RuntimeException | AssertionError e) {
                failures.add(failure(test, seed, e.toString()));
                continue;
            }
            results.add(result);
            List<String> found = violations.apply(result);
            if (!found.isEmpty()) {
                failures.add(failure(test, seed, String.join("; ", found.subList(0, Math.min(3, found.size())))));
            }
        }
        return new Outcome<>(results, failures);
    }

    private static String failure(String test, long seed, String what) {
        return "seed " + seed + ": " + what + "  (replay: mvn -pl server test -Dtest=" + test + " -Dsim.seed=" + seed + ")";
    }
}
