package dev.pegasus.server.replica.core;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario under {@code replica-core-scenarios/}, each a text a reader can follow ({@link ScenarioRunner}). */
class ReplicaCoreScenarioTest {
    static Stream<Path> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(ReplicaCoreScenarioTest.class.getResource("/replica-core-scenarios").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
            assertFalse(found.isEmpty(), "no scenario under " + dir);
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void runs(Path scenario) throws IOException {
        new ScenarioRunner().run(Files.readString(scenario));
    }
}
