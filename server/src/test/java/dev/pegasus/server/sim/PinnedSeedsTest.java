package dev.pegasus.server.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds that once broke a safety or liveness property, each kept as a test of its own:
 * <ul>
 *   <li>16: a whole-cluster restart; replay dropped a secondary's committed decrees of an older ballot
 *       below a newer record, and the replica, recovered as primary, gave those decrees to new writes;</li>
 *   <li>901: a learner that reported caught up missed a decree its primary then committed alone, was
 *       upgraded, and was handed the primary role without it;</li>
 *   <li>1017048: a caught-up learner that stopped answering held up its primary's commits after the
 *       primary stopped waiting for it: nothing committed until the next acknowledgement.</li>
 * </ul>
 */
class PinnedSeedsTest {
    @ParameterizedTest
    @ValueSource(longs = {16, 901, 1017048})
    void seedKeepsEveryProperty(long seed) {
        ClusterSimulation.Result result = ClusterSimulation.run(seed);
        assertTrue(result.ok(), "seed " + seed + ": " + result.violations());
    }
}
