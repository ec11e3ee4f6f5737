package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run: every scenario runs and reports in the documented shape. Timings are not asserted. */
class BenchCommandTest {

    @Test
    void quickBenchReportsEveryScenarioInTheDocumentedJsonShape(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int exit = Main.commandLine().execute("bench", "--quick", "--json", json.toString());
        assertThat(exit).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        assertThat(root.path("machine").path("java").asText()).isNotBlank();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode s : root.path("scenarios")) {
            byName.put(s.path("name").asText(), s);
            assertThat(s.path("records").asLong()).as(s.toString()).isPositive();
            assertThat(s.path("seconds").asDouble()).as(s.toString()).isPositive();
            assertThat(s.path("records_per_sec").asDouble()).as(s.toString()).isPositive();
            if (!s.path("name").asText().startsWith("startup/")) {
                assertThat(s.path("heap_peak_mb").asDouble()).as(s.toString()).isPositive();
            }
        }
        // Start-up runs the demo as child JVMs (their heap is not this JVM's): cold, then warm on the same work dir.
        assertThat(byName.get("startup/cold").path("note").asText()).startsWith("fresh work dir").contains("steps (s): cli ")
                .contains("first output");
        assertThat(byName.get("startup/warm").path("note").asText()).startsWith("same work dir again").contains("first output");
        assertThat(byName).containsOnlyKeys("startup/cold", "startup/warm", "kafka-baseline", "ingest", "alert-latency",
                "replay-seed-scale", "parsers/ping", "parsers/iftop", "parsers/qmp", "parsers/nova-log",
                "sink/postgres-upserts");
        for (String name : new String[] {"ingest", "replay-seed-scale"}) {
            assertThat(byName.get(name).path("ratio_to_kafka_baseline").asDouble()).as(name).isPositive();
        }
        JsonNode alerts = byName.get("alert-latency");
        assertThat(alerts.path("latency_p50_ms").asDouble()).isPositive();
        assertThat(alerts.path("latency_p99_ms").asDouble()).isGreaterThanOrEqualTo(alerts.path("latency_p50_ms").asDouble());
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(Main.commandLine().execute("bench", "--scenario", "nope")).isEqualTo(Main.EXIT_USAGE);
    }
}
