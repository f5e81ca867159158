package dev.pegasus.server.linearizability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.server.linearizability.RegisterSimulation.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sanity checks that histories of the size the cluster tests record get a verdict: thousands of
 * operations per key from ten clients, some of them unknown. The only speed claim is the loose
 * ceiling of the budget: running out of it leaves the key undecided, which fails these tests.
 */
class CheckerPerformanceTest {
    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final Settings ONE_KEY = new Settings(10, 1, 5000, 0.02);
    private static final Settings FEW_KEYS = new Settings(10, 3, 5000, 0.02);

    @Test
    void longLinearizableHistoriesPass() {
        for (Settings settings : List.of(ONE_KEY, FEW_KEYS)) {
            for (long seed = 0; seed < 3; seed++) {
                CheckResult result = LinearizabilityChecker.check(RegisterSimulation.run(seed, settings), BUDGET);
                assertTrue(result.linearizable(), settings + " seed " + seed + ": " + result);
            }
        }
    }

    @Test
    void oneBadReadInALongHistoryIsFound() {
        for (long seed = 0; seed < 3; seed++) {
            List<Operation> history = RegisterSimulation.run(seed, ONE_KEY);
            for (List<Operation> broken : List.of(
                    Mutations.staleRead(history, new Random(seed)).orElseThrow(),
                    Mutations.futureRead(history, new Random(seed)).orElseThrow())) {
                CheckResult result = LinearizabilityChecker.check(broken, BUDGET);
                assertTrue(result.violationFound(), "seed " + seed + ": " + result);
            }
        }
    }

    @Test
    void readOfAValueNeverWrittenNeedsNoSearch() {
        List<Operation> history = RegisterSimulation.run(0, new Settings(20, 1, 5000, 0.1));
        Operation read = Mutations.shuffledOkReads(history, new Random(0)).get(0);
        CheckResult result = LinearizabilityChecker.check(Mutations.replaceResult(history, read, "ghost"), Duration.ZERO);
        assertTrue(result.violationFound(), result.toString());
        assertTrue(result.violations().get(0).contains("never written"), result.toString());
    }
}
