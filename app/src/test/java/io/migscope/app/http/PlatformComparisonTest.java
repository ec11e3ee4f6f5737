package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.json.RecordJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's comparison as the API answers it, from summaries as the views hold them. */
class PlatformComparisonTest {

    private static JsonNode summary(String id, String wave, Platform platform, String load, String flavor,
                                    String outcome, long timeMs, Double blackoutMs, Double guestMax) {
        return RecordJson.toJson(MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setPlatform(platform)
                .setOutcome(outcome).setWave(wave).setLoadProfile(load).setFlavor(flavor)
                .setVmMemoryBytes("s".equals(flavor) ? 2L << 30 : 4L << 30).setMigrationTimeMs(timeMs)
                .setObservedBlackoutMs(blackoutMs).setGuestSlowdownMaxMsPerGb(guestMax).build());
    }

    private static List<JsonNode> fleet() {
        List<JsonNode> s = new ArrayList<>();
        s.add(summary("a", "seed-002", Platform.XEN, "DPG 512 MiB", "m", "completed", 114_000, 4_481.0, 4_900.0));
        s.add(summary("b", "seed-002", Platform.QEMU, "DPG 64 MiB", "m", "completed", 16_000, 358.0, 1_900.0));
        s.add(summary("c", "seed-002", Platform.QEMU, "DPG 512 MiB", "m", "completed", 80_000, 442.0, 4_100.0));
        s.add(summary("d", "seed-002", Platform.QEMU, "DPG 512 MiB", "m", "completed", 78_000, 420.0, 3_900.0));
        s.add(summary("e", "seed-002", Platform.QEMU, "DPG 512 MiB", "m", "aborted", 300_000, null, null));
        s.add(summary("f", "seed-002", Platform.VSPHERE, "CLG 100%", "m", "completed", 37_000, 400.0, null));
        s.add(summary("g", "seed-002", Platform.VSPHERE, "CLG 25%", "m", "completed", 37_100, 390.0, null));
        s.add(summary("h", "seed-002", Platform.XEN, "idle", "s", "completed", 19_700, 171.0, 800.0));
        s.add(summary("i", "seed-002", Platform.XEN, "idle", "m", "completed", 37_000, 190.0, 810.0));
        s.add(summary("j", "seed-002", Platform.QEMU, "LPG 256 MiB", "m", "completed", 8_600, 247.0, 700.0));
        s.add(summary("k", "other", Platform.QEMU, null, "m", "completed", 9_000, 200.0, null));
        s.add(summary("l", "seed-002", Platform.QEMU, "kernel build", "m", "completed", 9_500, 210.0, null));
        return s;
    }

    @Test
    void rowsFollowSeed002sSeriesAndLevelsWithFiguresOverCompletedMigrations() {
        ObjectNode out = PlatformComparison.of(fleet(), "seed-002");
        assertThat(out.get("wave").asText()).isEqualTo("seed-002");
        assertThat(out.get("waves")).extracting(JsonNode::asText).containsExactly("other", "seed-002");
        assertThat(out.get("platforms")).extracting(JsonNode::asText).containsExactly("QEMU", "VSPHERE", "XEN");
        List<String> order = new ArrayList<>();
        out.get("rows").forEach(r -> order.add(r.get("load_profile").asText() + "/" + r.get("flavor").asText() + "/"
                + r.get("platform").asText()));
        assertThat(order).containsExactly("idle/s/XEN", "idle/m/XEN", "CLG 25%/m/VSPHERE", "CLG 100%/m/VSPHERE",
                "LPG 256 MiB/m/QEMU", "DPG 64 MiB/m/QEMU", "DPG 512 MiB/m/QEMU", "DPG 512 MiB/m/XEN",
                "kernel build/m/QEMU");

        JsonNode kvm = out.get("rows").get(6);
        assertThat(kvm.get("load_series").asText()).isEqualTo("DPG");
        assertThat(kvm.get("load_level").asLong()).isEqualTo(512);
        assertThat(kvm.get("migrations").asInt()).isEqualTo(3);
        assertThat(kvm.get("completed").asInt()).isEqualTo(2);
        assertThat(kvm.get("migration_time_p50_ms").asDouble()).isEqualTo(79_000.0);
        assertThat(kvm.get("migration_time_max_ms").asDouble()).isEqualTo(80_000.0);
        assertThat(kvm.get("observed_blackout_p50_ms").asDouble()).isEqualTo(431.0);
        assertThat(kvm.get("guest_slowdown_max_ms_per_gb").asDouble()).isEqualTo(4_100.0);
        assertThat(kvm.get("reported_downtime_p50_ms").isNull()).isTrue();
        JsonNode other = out.get("rows").get(8);
        assertThat(other.get("load_series").asText()).isEqualTo("kernel build");
        assertThat(other.get("load_level").isNull()).isTrue();
    }

    @Test
    void withoutAWaveEveryMigrationCountsAndUnlabelledOnesComeLast() {
        ObjectNode out = PlatformComparison.of(fleet(), null);
        JsonNode rows = out.get("rows");
        JsonNode last = rows.get(rows.size() - 1);
        assertThat(last.get("load_profile").asText()).isEqualTo(PlatformComparison.NONE);
        assertThat(last.get("migrations").asInt()).isEqualTo(1);
        int total = 0;
        for (JsonNode r : rows) {
            total += r.get("migrations").asInt();
        }
        assertThat(total).isEqualTo(fleet().size());
    }
}
