package io.migscope.producers.source.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.producers.parse.Collected;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubevirtParserTest {

    private static final String UID = "4f6b2c8e-1d3a-4e5b-9c7d-2a1b3c4d5e6f";

    private static long us(String iso) {
        return Instant.parse(iso).toEpochMilli() * 1000L + Instant.parse(iso).getNano() / 1000L % 1000L;
    }

    private static Collected parse() {
        return Collected.run(new KubevirtParser(Collected.context("watch.jsonl").withIdentity(null, "ocp-1", null,
                null)), Collected.sample("kubevirt/watch.jsonl"));
    }

    @Test
    void onePhaseEventPerTransitionAndNoneTwice() {
        List<MigrationEvent> phases = parse().of(MigrationEvent.class).stream()
                .filter(e -> e.getKind() == EventKind.PHASE).toList();
        assertThat(phases).extracting(MigrationEvent::getStatus).containsExactly("Pending", "Scheduling",
                "Scheduled", "PreparingTarget", "TargetReady", "Running", "Succeeded");
        assertThat(phases).allSatisfy(p -> {
            assertThat(p.getMigrationId()).isEqualTo(UID);
            assertThat(p.getVm()).isEqualTo("rhel9-db-01");
            assertThat(p.getCluster()).isEqualTo("ocp-1");
        });
        assertThat(phases.get(2).getEventTimeUs()).isEqualTo(us("2024-05-01T10:00:07Z"));
        assertThat(phases.get(6).getEventTimeUs()).isEqualTo(us("2024-05-01T10:00:15Z"));
    }

    @Test
    void migrationStateOfTheVmiOnceEvenWhenResent() {
        List<MigrationEvent> states = parse().of(MigrationEvent.class).stream()
                .filter(e -> e.getKind() == EventKind.STATUS).toList();
        assertThat(states).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo("Succeeded");
            assertThat(s.getMode()).isEqualTo("PreCopy");
            assertThat(s.getSourceHost()).isEqualTo("worker-1");
            assertThat(s.getTargetHost()).isEqualTo("worker-3");
            assertThat(s.getTargetPod()).isEqualTo("virt-launcher-rhel9-db-01-q8z7k");
            assertThat(s.getStartedAtUs()).isEqualTo(us("2024-05-01T10:00:09Z"));
            assertThat(s.getTargetReadyAtUs()).isEqualTo(us("2024-05-01T10:00:14Z"));
            assertThat(s.getEventTimeUs()).isEqualTo(us("2024-05-01T10:00:15Z"));
            assertThat(s.getCompleted()).isTrue();
            assertThat(s.getMigrationPolicy()).isEqualTo("default-policy");
        });
    }

    @Test
    void launcherProgressLineInBytes() {
        MigrationEvent info = parse().of(MigrationEvent.class).stream()
                .filter(e -> e.getKind() == EventKind.PROGRESS).findFirst().orElseThrow();
        assertThat(info.getEventTimeUs()).isEqualTo(1_714_557_612_532_118L);
        MigrationStats stats = info.getStats();
        assertThat(stats.getTimeElapsedMs()).isEqualTo(3021L);
        assertThat(stats.getDataProcessedBytes()).isEqualTo(512L << 20);
        assertThat(stats.getRamTotalBytes()).isEqualTo(1040L << 20);
        // Mbps: 940 megabits/s and 80 megabits/s
        assertThat(stats.getBandwidthBytesPerSec()).isEqualTo(117_500_000L);
        assertThat(stats.getDirtyRateBytesPerSec()).isEqualTo(10_000_000L);
        assertThat(stats.getMemoryIteration()).isEqualTo(2L);
        assertThat(stats.getExpectedDowntimeMs()).isEqualTo(300L);
    }

    @Test
    void rejectsObjectsItCannotUse() {
        Collected out = parse();
        assertThat(out.records).hasSize(9);
        assertThat(out.rejectedLines()).containsExactly(8L, 9L, 10L);
        assertThat(out.rejections.get(0).reason()).contains("metadata.uid");
        assertThat(out.rejections.get(1).reason()).contains("RFC 3339");
        assertThat(out.rejections.get(2).reason()).contains("Pod");
    }
}
