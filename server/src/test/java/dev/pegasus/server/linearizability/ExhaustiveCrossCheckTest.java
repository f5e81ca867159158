package dev.pegasus.server.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.server.linearizability.RegisterSimulation.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker against {@link ExhaustiveChecker}, the definition applied literally, on many small
 * random histories. The checker's pruning (memo, forced reads, unknown operations only where
 * needed) must never change a verdict; both verdicts must come up often enough to mean something.
 */
class ExhaustiveCrossCheckTest {
    private static final List<String> VALUES = Arrays.asList(null, "a", "b");
    private static final int HISTORIES = 4000;

    /** Arbitrary operations with arbitrary results over three values: mostly nonsense, often not. */
    @Test
    void agreesOnArbitraryHistories() {
        Random random = new Random(42);
        int linearizable = 0;
        for (int n = 0; n < HISTORIES; n++) {
            String initial = pick(random, VALUES);
            List<Operation> history = arbitraryHistory(random, 1 + random.nextInt(8));
            boolean expected = ExhaustiveChecker.linearizable(history, initial);
            CheckResult result = LinearizabilityChecker.check(history, initial == null ? Map.of() : Map.of("k", initial));
            assertEquals(expected, result.linearizable(), "initial " + initial + ", history " + history + ": " + result);
            linearizable += expected ? 1 : 0;
        }
        assertBothVerdictsCommon(linearizable);
    }

    /**
     * Simulated correct histories with one read changed to another value that was written to the
     * key (or absence): sometimes still explainable, often not; the checker must tell which.
     */
    @Test
    void agreesOnSimulatedHistoriesWithOneReadChanged() {
        Settings settings = new Settings(4, 1, 9, 0.25);
        int linearizable = 0;
        int mutated = 0;
        for (long seed = 0; seed < HISTORIES; seed++) {
            Random random = new Random(seed);
            List<Operation> history = RegisterSimulation.run(seed, settings);
            List<Operation> reads = Mutations.shuffledOkReads(history, random);
            if (reads.isEmpty()) {
                continue;
            }
            List<String> written = new ArrayList<>(List.of(""));
            written.set(0, null);
            history.forEach(op -> written.add(Mutations.writtenValue(op)));
            List<Operation> changed = Mutations.replaceResult(history, reads.get(0), pick(random, written));
            mutated++;
            boolean expected = ExhaustiveChecker.linearizable(changed, null);
            CheckResult result = LinearizabilityChecker.check(changed);
            assertEquals(expected, result.linearizable(), "seed " + seed + ", history " + changed + ": " + result);
            linearizable += expected ? 1 : 0;
        }
        assertTrue(mutated > HISTORIES / 2, "only " + mutated + " histories had a read to change");
        assertBothVerdictsCommon(linearizable, mutated);
    }

    private static void assertBothVerdictsCommon(int linearizable) {
        assertBothVerdictsCommon(linearizable, HISTORIES);
    }

    private static void assertBothVerdictsCommon(int linearizable, int total) {
        assertTrue(linearizable > total / 10 && linearizable < total * 9 / 10,
                linearizable + " of " + total + " linearizable: too lopsided to test much");
    }

    private static List<Operation> arbitraryHistory(Random random, int size) {
        Timeline timeline = new Timeline();
        for (int i = 0; i < size; i++) {
            int client = random.nextInt(3);
            long invoke = random.nextInt(20);
            long complete = invoke + random.nextInt(8);
            Op op = switch (random.nextInt(3)) {
                case 0 -> Op.read();
                case 1 -> Op.write(pick(random, VALUES));
                default -> Op.cas(pick(random, VALUES), pick(random, VALUES));
            };
            int outcome = random.nextInt(10);
            if (outcome < 2) {
                timeline.unknown(client, op, invoke);
            } else if (outcome < 3) {
                timeline.failed(client, op, invoke, complete);
            } else {
                Object result = op instanceof Op.Read ? pick(random, VALUES)
                        : op instanceof Op.Cas ? (Object) random.nextBoolean() : null;
                timeline.ok(client, op, invoke, complete, result);
            }
        }
        return timeline.operations();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
