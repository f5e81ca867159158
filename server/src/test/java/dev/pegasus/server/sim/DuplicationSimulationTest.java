package dev.pegasus.server.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the seeded two-cluster duplication simulation. {@code -Dsim.first=F -Dsim.seeds=N} runs seeds
 * F..F+N-1 (default 0 and 100); {@code -Dsim.seed=S} replays one seed:
 * {@code mvn -pl server test -Dtest=DuplicationSimulationTest -Dsim.seed=S}.
 */
class DuplicationSimulationTest {
    @Test
    void bothClustersConvergeAndKeepTheirSafetyProperties() {
        String single = System.getProperty("sim.seed");
        long first = single == null ? Long.getLong("sim.first", 0) : Long.parseLong(single);
        long count = single == null ? Long.getLong("sim.seeds", 100) : 1;
        List<String> failures = new ArrayList<>();
        long faults = 0;
        long operations = 0;
        long applies = 0;
        long keysCompared = 0;
        int masterMaster = 0;
        for (long seed = first; seed < first + count; seed++) {
            DuplicationSimulation.Result result;
            try {
                result = DuplicationSimulation.run(seed);
            } catch (RuntimeException | AssertionError e) {
                failures.add("seed " + seed + ": " + e + "  (replay: -Dtest=DuplicationSimulationTest -Dsim.seed=" + seed
                        + ")");
                continue;
            }
            faults += result.faults();
            operations += result.operations();
            applies += result.applies();
            keysCompared += result.keysCompared();
            masterMaster += result.masterMaster() ? 1 : 0;
            if (!result.ok()) {
                failures.add("seed " + seed + (result.masterMaster() ? " (master-master)" : " (master-slave)") + ": "
                        + String.join("; ", result.violations().subList(0, Math.min(3, result.violations().size())))
                        + "  (replay: -Dtest=DuplicationSimulationTest -Dsim.seed=" + seed + ")");
            }
        }
        System.out.printf("duplication simulation: seeds %d..%d (%d, %d master-master), %d faults injected, %d operations,"
                + " %d mutations applied, %d keys compared, violations found = %d%n", first, first + count - 1, count,
                masterMaster, faults, operations, applies, keysCompared, failures.size());
        failures.stream().limit(20).forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " seeds failed; first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
    }
}
