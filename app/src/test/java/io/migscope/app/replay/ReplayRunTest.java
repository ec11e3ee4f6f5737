package io.migscope.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migscope.avro.MigrationSummary;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sample runs replayed through the real broker, registry, topology, sink and PostgreSQL. */
@ExtendWith(MigscopeKafkaExtension.class)
class ReplayRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unloadedRunGivesTheInjectedBlackoutsAndTheSameBytesAtAnySpeed(KafkaStack stack, EmbeddedDatabase db,
                                                                      @TempDir Path tmp) throws Exception {
        Path run = SampleRunsWriter.SAMPLES.resolve("unloaded-1g");
        Set<String> liveBefore = topics(stack);
        replay(stack, db, run, "max", tmp.resolve("a"), "a");
        // Live rows under the very keys the next replay writes (same migrations, same rollup windows): a replay
        // that wrote or upserted under the live run name would change them.
        RunRows.copy(db.dataSource(), "unloaded-1g", "live");
        Map<String, List<String>> live = RunRows.snapshot(db.dataSource(), "live");
        assertThat(live).containsKeys("migrations", "migration_timelines", "downtime_reports", "rollups",
                "rollup_metrics", "waves");
        Map<String, List<String>> replayed = RunRows.snapshot(db.dataSource(), "unloaded-1g");
        assertThat(live).allSatisfy((table, rows) -> assertThat(rows.size()).as(table)
                .isGreaterThanOrEqualTo(replayed.get(table).size()));
        assertThat(live.get("rollup_metrics")).isNotEmpty();
        for (String speed : PACED) {
            replay(stack, db, run, speed, tmp.resolve(speed), "b" + speed);
            assertThat(Files.readAllLines(tmp.resolve(speed + "/summaries.jsonl"))).as("at " + speed + "x")
                    .containsExactlyElementsOf(Files.readAllLines(tmp.resolve("a/summaries.jsonl")));
        }
        assertThat(RunRows.snapshot(db.dataSource(), "live")).as("live rows, every sink table").isEqualTo(live);
        List<JsonNode> expected = lines(run.resolve("expected.jsonl"));
        Map<String, JsonNode> summaries = byId(tmp.resolve("a/summaries.jsonl"));
        assertThat(summaries).hasSize(expected.size());
        for (JsonNode e : expected) {
            JsonNode s = summaries.get(e.get("migrationId").asText());
            assertThat(s.get("outcome").asText()).isEqualTo(e.get("outcome").asText());
            double injectedMs = (e.get("blackoutEndUs").asLong() - e.get("blackoutStartUs").asLong()) / 1000.0;
            assertThat(s.get("observed_blackout_ms").asDouble()).as(s.get("migration_id").asText())
                    .isCloseTo(injectedMs, within(100.0));
            assertThat(s.get("requested_at").asText()).startsWith("2026-11-02T10:00:");
        }
        assertThat(rows(db, "unloaded-1g")).isEqualTo(expected.size());
        Set<String> created = topics(stack);
        created.removeAll(liveBefore);
        assertThat(created).as("only the replay's own topics").allMatch(t -> t.startsWith("replay.unloaded-1g.")
                || t.startsWith("migscope-replay-unloaded-1g-"));
        assertThat(created).noneMatch(t -> t.startsWith(new TopicNames("migscope.").prefix()));
    }

    @Test
    void nonConvergingRunIsAbortedWithItsAlert(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        ReplayOutputs out = replayAtEverySpeed(stack, db, SampleRunsWriter.SAMPLES.resolve("non-converging"), tmp, "n");
        assertThat(out.summaries()).hasSize(1);
        MigrationSummary s = out.summaries().get(0);
        assertThat(s.getOutcome()).isEqualTo("aborted");
        assertThat(s.getAlerts()).contains("NON_CONVERGING");
        assertThat(Files.readString(tmp.resolve("alerts.jsonl"))).contains("\"kind\":\"NON_CONVERGING\"");
    }

    @Test
    void stressedPostCopyRunMatchesItsScenario(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        Path run = SampleRunsWriter.SAMPLES.resolve("stressed-postcopy");
        replayAtEverySpeed(stack, db, run, tmp, "p");
        Map<String, JsonNode> summaries = byId(tmp.resolve("summaries.jsonl"));
        List<JsonNode> expected = lines(run.resolve("expected.jsonl"));
        assertThat(summaries).hasSize(expected.size());
        for (JsonNode e : expected) {
            JsonNode s = summaries.get(e.get("migrationId").asText());
            assertThat(s.get("outcome").asText()).isEqualTo("completed");
            assertThat(s.get("mode").asText()).isEqualTo("PostCopy");
            double injectedMs = (e.get("blackoutEndUs").asLong() - e.get("blackoutStartUs").asLong()) / 1000.0;
            assertThat(s.get("observed_blackout_ms").asDouble()).isCloseTo(injectedMs, within(100.0));
        }
    }

    @Test
    void mixedRawRunFindsVmAsBlackoutFromThePingLog(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        Path run = SampleRunsWriter.SAMPLES.resolve("mixed-raw");
        RunInputs inputs = RunInputs.read(RunManifest.load(run));
        assertThat(inputs.rejections()).isEmpty();
        ReplayOutputs out = replayAtEverySpeed(stack, db, run, tmp, "m");
        JsonNode e = lines(run.resolve("expected.jsonl")).get(0);
        MigrationSummary vmA = out.summaries().stream().filter(s -> s.getVm().equals("vm-a")).findFirst().orElseThrow();
        double injectedMs = (e.get("blackout_end_us").asLong() - e.get("blackout_start_us").asLong()) / 1000.0;
        assertThat(vmA.getOutcome()).isEqualTo("completed");
        assertThat(vmA.getObservedBlackoutMs()).isCloseTo(injectedMs, within(100.0));
        assertThat(out.summaries()).extracting(MigrationSummary::getVm).contains("vm-42", "rhel9-db-01");
    }

    /** The paced speeds every sample is replayed at too: the 20x and 50x. */
    private static final List<String> PACED = List.of("20", "50");

    /**
     * Replays a sample at max speed into {@code out}, then at each paced speed: the summaries.jsonl must be the same
     * bytes every time (a paced replay once never published its first records).
     */
    private static ReplayOutputs replayAtEverySpeed(KafkaStack stack, EmbeddedDatabase db, Path run, Path out,
                                                    String tag) throws Exception {
        ReplayOutputs max = replay(stack, db, run, "max", out, tag);
        byte[] expected = Files.readAllBytes(out.resolve("summaries.jsonl"));
        for (String speed : PACED) {
            Path paced = out.resolve("at-" + speed);
            replay(stack, db, run, speed, paced, tag + speed);
            assertThat(new String(Files.readAllBytes(paced.resolve("summaries.jsonl")))).as("%s at %sx", run, speed)
                    .isEqualTo(new String(expected));
        }
        return max;
    }

    private static ReplayOutputs replay(KafkaStack stack, EmbeddedDatabase db, Path run, String speed, Path out,
                                        String tag) throws Exception {
        RunManifest m = RunManifest.load(run);
        ReplayOutputs outputs = ReplayRun.run(MigscopeConfig.defaults(), m, RunInputs.read(m),
                ReplayRun.Names.of(m, tag + System.nanoTime()), new ReplayRun.Settings(stack.bootstrapServers(),
                        stack.registryUrl(), db.dataSource(), out.resolve("state"), speed, false));
        outputs.write(out);
        return outputs;
    }

    private static Set<String> topics(KafkaStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            return new java.util.HashSet<>(admin.listTopics().names().get());
        }
    }

    private static int rows(EmbeddedDatabase db, String runName) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM migrations WHERE run_name = '" + runName + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Map<String, JsonNode> byId(Path file) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        lines(file).forEach(n -> out.put(n.get("migration_id").asText(), n));
        return out;
    }
}
