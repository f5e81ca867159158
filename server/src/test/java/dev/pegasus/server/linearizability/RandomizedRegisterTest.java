package dev.pegasus.server.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.server.linearizability.RegisterSimulation.Settings;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Simulated registers: correct ones always pass, and certainly-broken variants of them are always caught. */
class RandomizedRegisterTest {
    private static final int SEEDS = 200;
    private static final Settings FEW_KEYS = new Settings(5, 2, 200, 0.05);
    private static final Settings CONTENDED = new Settings(10, 1, 200, 0.1);
    private static final Settings MANY_UNKNOWN = new Settings(6, 1, 120, 0.4);

    @Test
    void simulatedLinearizableRegistersAlwaysPass() {
        for (Settings settings : List.of(FEW_KEYS, CONTENDED, MANY_UNKNOWN)) {
            for (long seed = 0; seed < SEEDS; seed++) {
                CheckResult result = LinearizabilityChecker.check(RegisterSimulation.run(seed, settings));
                assertTrue(result.linearizable(), settings + " seed " + seed + ": " + result);
            }
        }
    }

    @Test
    void staleReadsAreAlwaysCaught() {
        assertAllMutationsCaught(Mutations::staleRead);
    }

    @Test
    void readsFromTheFutureAreAlwaysCaught() {
        assertAllMutationsCaught(Mutations::futureRead);
    }

    @Test
    void simulationProducesEveryKindOfOperationAndOutcome() {
        List<Operation> history = RegisterSimulation.run(1, CONTENDED);
        assertEquals(CONTENDED.operations(), history.size());
        assertTrue(history.stream().anyMatch(op -> op.outcome() == Outcome.UNKNOWN));
        assertTrue(history.stream().anyMatch(op -> op.op() instanceof Op.Write w && w.value() == null));
        assertTrue(history.stream().anyMatch(op -> Boolean.TRUE.equals(op.result())));
        assertTrue(history.stream().anyMatch(op -> Boolean.FALSE.equals(op.result())));
        assertTrue(history.stream().anyMatch(op -> op.op() instanceof Op.Read && op.result() != null));
    }

    private static void assertAllMutationsCaught(
            BiFunction<List<Operation>, Random, Optional<List<Operation>>> mutation) {
        int mutated = 0;
        for (Settings settings : List.of(FEW_KEYS, CONTENDED, MANY_UNKNOWN)) {
            for (long seed = 0; seed < SEEDS; seed++) {
                Optional<List<Operation>> broken = mutation.apply(RegisterSimulation.run(seed, settings), new Random(seed));
                if (broken.isEmpty()) {
                    continue;
                }
                mutated++;
                CheckResult result = LinearizabilityChecker.check(broken.get());
                assertTrue(result.violationFound(), settings + " seed " + seed + ": " + result);
                assertFalse(result.linearizable());
            }
        }
        assertTrue(mutated >= 3 * SEEDS * 9 / 10, "only " + mutated + " histories could be mutated");
    }
}
