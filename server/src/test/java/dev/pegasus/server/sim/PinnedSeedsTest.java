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
 *   <li>1017048: a caught-up learner carried into a new ballot was counted in commits while its upgrade,
 *       proposed under the old ballot, could no longer be accepted: the partition stopped committing;</li>
 *   <li>3115401, 3060728, 3073285: a primary stopped counting a silent caught-up learner whose upgrade
 *       the meta server had accepted meanwhile, committed a decree alone, and the new secondary, made
 *       primary, gave that decree to another write;</li>
 *   <li>90020162: a learner reported caught up while the committed decrees of its learn answer were
 *       applied in memory but not yet durable in its log; it crashed, and the primary counted a member
 *       of its stored configuration that held none of them;</li>
 *   <li>91000366, 91010257: a learner caught up, its server restarted and dropped the copy, and the
 *       meta server then accepted the upgrade proposed for its old life as a membership of the new one,
 *       which could have been made primary holding nothing.</li>
 * </ul>
 */
class PinnedSeedsTest {
    @ParameterizedTest
    @ValueSource(longs = {16, 901, 1017048, 3060728, 3073285, 3115401, 90020162, 91000366, 91010257})
    void seedKeepsEveryProperty(long seed) {
        ClusterSimulation.Result result = ClusterSimulation.run(seed);
        assertTrue(result.ok(), "seed " + seed + ": " + result.violations());
    }
}
