package dev.pegasus.server.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the seeded whole-cluster simulation. {@code -Dsim.first=F -Dsim.seeds=N} runs seeds F..F+N-1
 * (default 0 and 1,000); {@code -Dsim.seed=S} replays one seed:
 * {@code mvn -pl server test -Dtest=SimulationTest -Dsim.seed=S}.
 */
class SimulationTest {
    @Test
    void everySeedKeepsTheSafetyPropertiesAndIsLinearizable() {
        String single = System.getProperty("sim.seed");
        long first = single == null ? Long.getLong("sim.first", 0) : Long.parseLong(single);
        long count = single == null ? Long.getLong("sim.seeds", 1000) : 1;
        List<String> failures = new ArrayList<>();
        long faults = 0;
        long operations = 0;
        long applies = 0;
        long reconfigurations = 0;
        long childrenRegistered = 0;
        long checkpoints = 0;
        long leaderChanges = 0;
        for (long seed = first; seed < first + count; seed++) {
            ClusterSimulation.Result result;
            try {
                result = ClusterSimulation.run(seed);
            } catch (RuntimeException | AssertionError e) {
                failures.add("seed " + seed + ": " + e + "  (replay: mvn -pl server test -Dtest=SimulationTest -Dsim.seed="
                        + seed + ")");
                continue;
            }
            faults += result.faults();
            operations += result.operations();
            applies += result.applies();
            reconfigurations += result.reconfigurations();
            childrenRegistered += result.childrenRegistered();
            checkpoints += result.checkpoints();
            leaderChanges += result.metaLeaderChanges();
            if (!result.ok()) {
                failures.add("seed " + seed + ": " + String.join("; ", result.violations().subList(0,
                        Math.min(3, result.violations().size())))
                        + "  (replay: mvn -pl server test -Dtest=SimulationTest -Dsim.seed=" + seed + ")");
            }
        }
        System.out.printf("simulation: seeds %d..%d (%d), %d faults injected, %d operations checked, %d mutations applied, "
                + "%d reconfigurations, %d split children registered, %d checkpoints shipped to learners, "
                + "%d meta leader changes, violations found = %d%n", first, first + count - 1, count, faults, operations,
                applies, reconfigurations, childrenRegistered, checkpoints, leaderChanges, failures.size());
        failures.stream().limit(20).forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " seeds failed; first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
    }
}
