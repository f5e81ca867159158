package dev.pegasus.server.sim;

import org.junit.jupiter.api.Test;

/**
 * Runs the seeded whole-cluster simulation. {@code -Dsim.first=F -Dsim.seeds=N} runs seeds F..F+N-1
 * (default 0 and 1,000); {@code -Dsim.seed=S} replays one seed:
 * {@code mvn -pl server test -Dtest=SimulationTest -Dsim.seed=S}.
 */
class SimulationTest {
    @Test
    void everySeedKeepsTheSafetyPropertiesAndIsLinearizable() {
        SeedRange seeds = SeedRange.fromProperties(1000);
        SeedRange.Outcome<ClusterSimulation.Result> outcome = seeds.run("SimulationTest", ClusterSimulation::run,
                ClusterSimulation.Result::violations);
        System.out.printf("simulation: seeds %d..%d (%d), %d faults injected, %d operations checked, %d mutations applied, "
                + "%d reconfigurations, %d split children registered, %d checkpoints shipped to learners, "
                + "%d meta leader changes, violations found = %d%n", seeds.first(), seeds.last(), seeds.count(),
                outcome.sum(ClusterSimulation.Result::faults), outcome.sum(ClusterSimulation.Result::operations),
                outcome.sum(ClusterSimulation.Result::applies), outcome.sum(ClusterSimulation.Result::reconfigurations),
                outcome.sum(ClusterSimulation.Result::childrenRegistered),
                outcome.sum(ClusterSimulation.Result::checkpoints),
                outcome.sum(ClusterSimulation.Result::metaLeaderChanges), outcome.failures().size());
        outcome.printFailuresAndAssertNone();
    }
}
