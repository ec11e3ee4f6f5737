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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform-comparison sample replayed through the real broker, registry, topology, sink and PostgreSQL:
 * vSphere, XenServer and KVM migrations of an idle and a dirty-page guest, side by side, each summary as the tools'
 * output and the guests' reports encode it.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class PlatformComparisonRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUN = SampleRunsWriter.SAMPLES.resolve("platform-comparison");

    @Test
    void vsphereXenAndKvmSideBySideWithTheGuestsSlowdown(KafkaStack stack, EmbeddedDatabase db, @TempDir Path tmp)
            throws Exception {
        RunManifest manifest = RunManifest.load(RUN);
        assertThat(RunInputs.read(manifest).rejections()).as("every line of the tools' output is read").isEmpty();
        ReplayOutputs out = replay(stack, db, manifest, "max", tmp);
        // as every sample: paced replays give the same bytes
        for (String speed : List.of("20", "50")) {
            Path paced = tmp.resolve("at-" + speed);
            replay(stack, db, manifest, speed, paced);
            assertThat(Files.readString(paced.resolve("summaries.jsonl"))).as("at %sx", speed)
                    .isEqualTo(Files.readString(tmp.resolve("summaries.jsonl")));
        }

        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(RUN.resolve("expected.jsonl"))) {
            expected.add(JSON.readTree(line));
        }
        Map<String, MigrationSummary> byVm = new HashMap<>();
        out.summaries().forEach(s -> assertThat(byVm.put(s.getVm(), s)).as("one migration of " + s.getVm()).isNull());
        assertThat(byVm).hasSize(expected.size());
        for (JsonNode e : expected) {
            String vm = e.get("vm").asText();
            MigrationSummary s = byVm.get(vm);
            assertThat(s).as(vm).isNotNull();
            assertThat(s.getPlatform().name()).as(vm).isEqualTo(e.get("platform").asText());
            assertThat(s.getLoadProfile()).as(vm).isEqualTo(e.get("load_profile").asText());
            assertThat(s.getOutcome()).as(vm).isEqualTo(e.get("outcome").asText());
            assertThat(s.getMigrationTimeMs()).as(vm).isEqualTo(e.get("migration_time_ms").asLong());
            double injectedMs = (e.get("blackout_end_us").asLong() - e.get("blackout_start_us").asLong()) / 1000.0;
            assertThat(s.getObservedBlackoutMs()).as(vm).isCloseTo(injectedMs, within(100.0));
            assertThat(s.getReportedDowntimeMs()).as(vm).isEqualTo(number(e, "reported_downtime_ms"));
            if (e.get("guest_report").asBoolean()) {
                assertThat(s.getGuestBaselineMsPerGb()).as(vm).isEqualTo(e.get("guest_baseline_ms_per_gb").asDouble());
                assertThat(s.getGuestSlowdownMaxMsPerGb()).as(vm)
                        .isEqualTo(e.get("guest_slowdown_max_ms_per_gb").asDouble())
                        .isGreaterThan(s.getGuestBaselineMsPerGb());
            } else {
                assertThat(s.getGuestBaselineMsPerGb()).as(vm).isNull();
                assertThat(s.getGuestSlowdownMaxMsPerGb()).as(vm).isNull();
            }
        }
        assertThat(Files.readString(tmp.resolve("summaries.jsonl"))).contains("\"load_profile\":\"DPG 256 MiB\"");
        comparisonView(db, manifest.name(), byVm);
    }

    /** PostgreSQL's platform_comparison: each load's three platforms side by side, one migration each. */
    private static void comparisonView(EmbeddedDatabase db, String run, Map<String, MigrationSummary> byVm)
            throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT load_profile, platform, completed, migration_time_p50_ms, observed_blackout_p50_ms"
                        + " FROM platform_comparison WHERE run_name = ? ORDER BY 1, 2")) {
            st.setString(1, run);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String load = rs.getString(1);
                    String platform = rs.getString(2);
                    rows.add(load + "|" + platform + "|" + rs.getInt(3));
                    MigrationSummary s = byVm.values().stream().filter(m -> m.getLoadProfile().equals(load)
                            && m.getPlatform().name().equals(platform)).findFirst().orElseThrow();
                    assertThat(rs.getDouble(4)).isEqualTo(s.getMigrationTimeMs().doubleValue());
                    assertThat(rs.getDouble(5)).isEqualTo(s.getObservedBlackoutMs());
                }
            }
        }
        assertThat(rows).containsExactly("DPG 256 MiB|QEMU|1", "DPG 256 MiB|VSPHERE|1", "DPG 256 MiB|XEN|1",
                "idle|QEMU|1", "idle|VSPHERE|1", "idle|XEN|1");
    }

    private static ReplayOutputs replay(KafkaStack stack, EmbeddedDatabase db, RunManifest manifest, String speed,
                                        Path out) throws Exception {
        ReplayOutputs outputs = ReplayRun.run(MigscopeConfig.defaults(), manifest, RunInputs.read(manifest),
                ReplayRun.Names.of(manifest, "c" + speed + System.nanoTime()), new ReplayRun.Settings(
                        stack.bootstrapServers(), stack.registryUrl(), db.dataSource(), out.resolve("state"), speed,
                        false));
        outputs.write(out);
        return outputs;
    }

    private static Long number(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }
}
