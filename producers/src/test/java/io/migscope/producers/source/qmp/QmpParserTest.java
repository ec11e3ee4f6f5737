package io.migscope.producers.source.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QmpParserTest {

    private static ParseContext context(String role) {
        return Collected.context("qmp.jsonl").withIdentity("vm-42", "c1", "hv-1", role);
    }

    @Test
    void sourceSideSequenceWithStatsInBytes() {
        Collected out = Collected.run(new QmpParser(context("source")), Collected.sample("qmp/source.jsonl"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getKind).containsExactly(EventKind.CONFIG, EventKind.CONFIG,
                EventKind.STATUS, EventKind.PASS, EventKind.STATUS, EventKind.STATS, EventKind.STOP, EventKind.PASS,
                EventKind.STATUS, EventKind.STATS);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPlatform()).isEqualTo(Platform.QEMU);
            assertThat(e.getVm()).isEqualTo("vm-42");
            assertThat(e.getRole()).isEqualTo("source");
        });
        assertThat(events.get(2).getStatus()).isEqualTo("setup");
        assertThat(events.get(2).getEventTimeUs()).isEqualTo(1_714_557_600_120_331L);
        assertThat(events.get(7).getPass()).isEqualTo(2);
        MigrationStats active = events.get(5).getStats();
        assertThat(events.get(5).getEventTimeUs()).isEqualTo(1_714_557_600_640_000L);
        // 2500 pages/s of 4096 bytes
        assertThat(active.getDirtyRateBytesPerSec()).isEqualTo(10_240_000L);
        // 1000.5 megabits/s
        assertThat(active.getBandwidthBytesPerSec()).isEqualTo(125_062_500L);
        assertThat(active.getRamRemainingBytes()).isEqualTo(536_870_912L);
        assertThat(active.getExpectedDowntimeMs()).isEqualTo(300L);
        assertThat(active.getRamDuplicatePages()).isEqualTo(1200L);
        MigrationStats done = events.get(9).getStats();
        assertThat(done.getDowntimeMs()).isEqualTo(182L);
        assertThat(done.getTimeElapsedMs()).isEqualTo(4873L);
        assertThat(events.get(9).getStatus()).isEqualTo("completed");
    }

    @Test
    void parametersAndCapabilitiesBecomeLimits() {
        List<MigrationEvent> events = Collected.run(new QmpParser(context("source")),
                Collected.sample("qmp/source.jsonl")).of(MigrationEvent.class);
        assertThat(events.get(0).getLimits().getCapabilities()).containsExactly("events", "postcopy-ram");
        assertThat(events.get(0).getLimits().getAllowPostCopy()).isTrue();
        assertThat(events.get(1).getLimits().getDowntimeLimitMs()).isEqualTo(300L);
        assertThat(events.get(1).getLimits().getMaxBandwidthBytesPerSec()).isEqualTo(134_217_728L);
        assertThat(events.get(1).getLimits().getVcpuDirtyLimitBytesPerSec()).isEqualTo(1_048_576L);
        assertThat(events.get(1).getLimits().getMaxCpuThrottle()).isEqualTo(99);
    }

    @Test
    void destinationSide() {
        Collected out = Collected.run(new QmpParser(context("destination")),
                Collected.sample("qmp/destination.jsonl"));
        assertThat(out.of(MigrationEvent.class)).extracting(MigrationEvent::getKind)
                .containsExactly(EventKind.STATUS, EventKind.RESUME, EventKind.STATUS);
        assertThat(out.ignored).isEqualTo(2);
    }

    @Test
    void rejectsEveryBadLineWithAReason() {
        Collected out = Collected.run(new QmpParser(context("source")), Collected.sample("qmp/bad.jsonl"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejectedLines()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(out.rejections.get(2).reason()).contains("ram remaining (200) is greater than ram total (100)");
        assertThat(out.rejections.get(3).reason()).contains("receipt timestamp");
        assertThat(out.rejections.get(4).reason()).contains("negative");
    }

    @Test
    void needsTheVmName() {
        assertThatThrownBy(() -> new QmpParser(Collected.context("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--vm");
    }

    @Test
    void sameLineSameEventId() {
        List<String> line = List.of(Collected.sample("qmp/source.jsonl").get(4));
        String a = Collected.run(new QmpParser(context("source")), line).of(MigrationEvent.class).get(0).getEventId();
        String b = Collected.run(new QmpParser(context("source")), line).of(MigrationEvent.class).get(0).getEventId();
        assertThat(a).isEqualTo(b).startsWith("qmp:");
    }
    @Test
    void aMigrateCommandInTheTraceNamesTheJobUntilTheMigrationEnds() {
        for (String[] c : new String[][] {{"exec:cat > /var/lib/vm.save", "SAVE"}, {"file:/tmp/vm.img", "SAVE"},
                {"tcp:10.0.0.2:49152", "MIGRATION_OUT"}, {"fd:migrate", "UNKNOWN"}}) {
            List<String> lines = new ArrayList<>(List.of(
                    "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"" + c[0] + "\"}, \"id\": \"cmd-1\"}"));
            lines.addAll(Collected.sample("qmp/source.jsonl"));
            List<MigrationEvent> events = Collected.run(new QmpParser(context("source")), lines)
                    .of(MigrationEvent.class);
            int end = events.stream().map(MigrationEvent::getStatus).toList().indexOf("completed");
            assertThat(end).as(c[0]).isPositive();
            assertThat(events.subList(0, end + 1)).as(c[0]).extracting(e -> String.valueOf(e.getJob()))
                    .containsOnly(c[1]);
            assertThat(events.subList(end + 1, events.size())).as("after the end").extracting(MigrationEvent::getJob)
                    .containsOnlyNulls();
        }
        // without a command QMP events do not say what the job is
        assertThat(Collected.run(new QmpParser(context("source")), Collected.sample("qmp/source.jsonl"))
                .of(MigrationEvent.class)).extracting(MigrationEvent::getJob).containsOnlyNulls();
    }
}
