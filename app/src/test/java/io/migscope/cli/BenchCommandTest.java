package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run: the benchmark runs and reports in the documented shape. Timings are not asserted. */
class BenchCommandTest {

    @Test
    void quickBenchReportsEveryScenarioInTheDocumentedJsonShape(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int exit = Main.commandLine().execute("bench", "--quick", "--json", json.toString());
        assertThat(exit).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        assertThat(root.path("machine").path("java").asText()).isNotBlank();
        assertThat(root.path("scenarios")).hasSize(5);
        for (JsonNode s : root.path("scenarios")) {
            assertThat(s.path("name").asText()).isNotBlank();
            assertThat(s.path("records").asLong()).isPositive();
            assertThat(s.path("seconds").asDouble()).isPositive();
            assertThat(s.path("records_per_sec").asDouble()).isPositive();
        }
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(Main.commandLine().execute("bench", "--scenario", "nope")).isEqualTo(Main.EXIT_USAGE);
    }
}
