package dev.pegasus.server.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each named scenario over several seeds (its timing differs by seed): every run keeps the safety
 * properties and is linearizable, and in most runs the scenario reached the moment it aims at (a run
 * where, say, no learner was ever invited tests nothing). {@code -Dsim.scenario.seeds=N} runs more.
 */
class NamedScenariosTest {
    private static final long SEEDS = Long.getLong("sim.scenario.seeds", 25);

    static Stream<Scenario> scenarios() {
        return NamedScenarios.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioKeepsEveryProperty(Scenario scenario) {
        List<String> failures = new ArrayList<>();
        int reachedTheEnd = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            ClusterSimulation.Result result = ClusterSimulation.run(seed, scenario);
            if (!result.ok()) {
                failures.add("seed " + seed + ": " + result.violations().subList(0, Math.min(3,
                        result.violations().size())) + " after " + result.scenarioSteps());
            }
            if (result.scenarioSteps().size() >= result.faults()) {
                reachedTheEnd++;
            }
        }
        System.out.printf("scenario '%s': %d seeds, %d reached every step, %d failed%n", scenario.name(), SEEDS,
                reachedTheEnd, failures.size());
        failures.stream().limit(10).forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " seeds failed; first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
        assertTrue(reachedTheEnd * 2 >= SEEDS, "scenario '" + scenario.name() + "' reached its last step in only "
                + reachedTheEnd + " of " + SEEDS + " seeds");
    }
}
