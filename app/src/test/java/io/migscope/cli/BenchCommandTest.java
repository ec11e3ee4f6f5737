package io.migscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        int exit = Main.commandLine().execute("bench", "--quick", "--with-cpu-hogs", "1", "--json", json.toString());
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
            // Every scenario has both sample fields; null where it handles no probes.
            assertThat(s.has("samples") && s.has("samples_per_sec")).as(s.toString()).isTrue();
            assertThat(s.path("load_average_before").isNumber()).as(s.toString()).isTrue();
        }
        // Start-up runs the demo as child JVMs (their heap is not this JVM's): cold, then warm on the same work dir.
        assertThat(byName.get("startup/cold").path("note").asText()).startsWith("fresh work dir").contains("steps (s): cli ")
                .contains("first output");
        assertThat(byName.get("startup/warm").path("note").asText()).startsWith("same work dir again").contains("first output");
        assertThat(byName).containsOnlyKeys("startup/cold", "startup/warm", "kafka-baseline", "ingest", "alert-latency",
                "replay-seed-scale", "parsers/ping", "parsers/iftop", "parsers/qmp", "parsers/nova-log",
                "sink/postgres-upserts");
        for (String name : new String[] {"kafka-baseline", "ingest", "alert-latency", "replay-seed-scale"}) {
            JsonNode s = byName.get(name);
            // Probes travel about ten to a batch record: a scenario counting records as samples would fail here.
            assertThat(s.path("samples").asLong()).as(name).isGreaterThan(s.path("records").asLong() * 2);
        }
        for (String name : new String[] {"kafka-baseline", "ingest", "alert-latency", "replay-seed-scale", "parsers/ping"}) {
            JsonNode s = byName.get(name);
            assertThat(s.path("samples_per_sec").asDouble()).as(name)
                    .isCloseTo(s.path("samples").asDouble() / s.path("seconds").asDouble(), within(1.0));
        }
        // One probe per ping line.
        assertThat(byName.get("parsers/ping").path("samples").asLong())
                .isEqualTo(byName.get("parsers/ping").path("records").asLong());
        for (String name : new String[] {"startup/cold", "startup/warm", "parsers/iftop", "sink/postgres-upserts"}) {
            assertThat(byName.get(name).path("samples_per_sec").isNull()).as(name).isTrue();
        }

        JsonNode baseline = byName.get("kafka-baseline");
        JsonNode ingest = byName.get("ingest");
        assertThat(ingest.path("records").asLong()).as("the baseline sends the ingest records")
                .isEqualTo(baseline.path("records").asLong());
        assertThat(ingest.path("baseline_samples_per_sec").asDouble()).isPositive();
        assertThat(ingest.path("ratio_to_kafka_baseline").asDouble()).isCloseTo(
                ingest.path("samples_per_sec").asDouble() / ingest.path("baseline_samples_per_sec").asDouble(),
                within(0.01));
        assertThat(byName.get("replay-seed-scale").path("ratio_to_kafka_baseline").asDouble()).isPositive();

        for (String name : new String[] {"ingest", "alert-latency"}) {
            JsonNode s = byName.get(name);
            assertThat(s.path("streams_heap_peak_mb").asDouble()).as(name).isPositive()
                    .isGreaterThanOrEqualTo(s.path("streams_heap_after_gc_peak_mb").asDouble())
                    .isLessThanOrEqualTo(s.path("streams_heap_max_mb").asDouble());
            assertThat(s.path("streams_heap_max_mb").asDouble()).as(name).isLessThanOrEqualTo(1024);
            assertThat(s.path("streams_jvm_options").asText()).as(name).contains("-Xmx1g");
        }

        JsonNode alerts = byName.get("alert-latency");
        assertThat(alerts.path("alerts").asInt()).isPositive();
        assertThat(alerts.path("latency_p50_ms").asDouble()).isPositive();
        assertThat(alerts.path("latency_p99_ms").asDouble()).isGreaterThanOrEqualTo(alerts.path("latency_p50_ms").asDouble());

        JsonNode replay = byName.get("replay-seed-scale");
        assertThat(replay.path("migrations").asInt()).isEqualTo(100);
        assertThat(replay.path("summaries").asInt()).isEqualTo(replay.path("migrations").asInt());
        assertThat(replay.path("cpu_hogs").asInt()).isEqualTo(1);
        assertThat(replay.path("second_run_seconds").asDouble()).isPositive();

        // Last, so a failing run has shown everything else first: every scenario passed its own checks.
        assertThat(replay.path("deterministic").asBoolean()).as("replay-seed-scale deterministic").isTrue();
        assertThat(root.path("failures")).as("failures").isEmpty();
        assertThat(exit).isZero();
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(Main.commandLine().execute("bench", "--scenario", "nope")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aNegativeNumberOfCpuHogsIsAUsageError() {
        assertThat(Main.commandLine().execute("bench", "--scenario", "parsers", "--with-cpu-hogs", "-1"))
                .isEqualTo(Main.EXIT_USAGE);
    }
}
