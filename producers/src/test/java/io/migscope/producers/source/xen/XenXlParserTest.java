package io.migscope.producers.source.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class XenXlParserTest {

    private static final long START = Instant.parse("2024-05-01T09:59:59Z").getEpochSecond() * 1_000_000L;

    private static ParseContext ctx(String origin) {
        return Collected.context(origin).withIdentity("deploy01", "xen-1", "snow01", null)
                .withIftop(null, START, ParseContext.IFTOP_INTERVAL_US);
    }

    private static Collected parse(String sample, ParseContext ctx) {
        return Collected.run(new XenXlParser(ctx), Collected.sample(sample));
    }

    private static List<MigrationPhase> phases(List<MigrationEvent> events) {
        return events.stream().flatMap(e -> e.getPhases().stream()).map(PhaseMark::getPhase).toList();
    }

    @Test
    void realMigrationOfAnOlderXenBothEnds() {
        Collected out = parse("xen-xl/snow-deploy01.txt", ctx("snow"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPlatform()).isEqualTo(Platform.XEN);
            assertThat(e.getVm()).isEqualTo("deploy01");
            assertThat(e.getEventTimeUs()).isEqualTo(START);
        });
        assertThat(phases(events)).containsExactly(MigrationPhase.PRECOPY, MigrationPhase.PRECOPY,
                MigrationPhase.RESUMED, MigrationPhase.COMPLETED);
        List<MigrationEvent> reloading = events.stream().filter(e -> e.getKind() == EventKind.PROGRESS).toList();
        assertThat(reloading).hasSize(20);
        // pages are 4 KiB frames: 26624 pages of 524288
        assertThat(reloading.get(0).getStats().getRamTransferredBytes()).isEqualTo(26624L * 4096);
        assertThat(reloading.get(0).getStats().getRamTotalBytes()).isEqualTo(2L << 30);
        assertThat(reloading).allSatisfy(e -> assertThat(e.getRole()).isEqualTo("destination"));
        MigrationEvent last = events.get(events.size() - 1);
        assertThat(last.getRole()).isEqualTo("source");
        assertThat(last.getCompleted()).isTrue();
        assertThat(events.stream().map(MigrationEvent::getEventId).collect(Collectors.toSet())).hasSize(events.size());
    }

    @Test
    void realMigrationV2RejectsSshsPromptAndReadsTheRest() {
        Collected out = parse("xen-xl/lia-guest1.txt", ctx("lia"));
        assertThat(out.rejectedLines()).containsExactly(1L);
        assertThat(out.rejections.get(0).reason()).contains("not a line xl");
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getStatus).contains("saving", "restoring", "restored",
                "started", "completed");
        assertThat(events.stream().filter(e -> e.getStatus().equals("saving")).findFirst().orElseThrow().getJob())
                .hasToString("MIGRATION_OUT");
    }

    @Test
    void stampsOfMinusTTimeTheUnstampedLinesAfterThem() {
        Collected out = parse("xen-xl/timestamped-failure.txt",
                Collected.context("ts").withIdentity("web-7", null, null, null));
        // the first five lines come before any stamp and no --started-at was given
        assertThat(out.rejectedLines()).containsExactly(1L, 2L);
        assertThat(out.rejections.get(0).reason()).contains("-T");
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        long suspended = Instant.parse("2024-05-01T10:00:41Z").getEpochSecond() * 1_000_000L;
        MigrationEvent stop = events.stream().filter(e -> e.getKind() == EventKind.STOP).findFirst().orElseThrow();
        assertThat(stop.getEventTimeUs()).isEqualTo(suspended);
        assertThat(stop.getPhases().get(0).getPhase()).isEqualTo(MigrationPhase.SWITCHOVER);
        List<MigrationEvent> failed = events.stream().filter(e -> Boolean.TRUE.equals(e.getFailed())).toList();
        assertThat(failed).hasSize(3);
        assertThat(failed).allSatisfy(e -> assertThat(e.getEventTimeUs()).isEqualTo(suspended));
        assertThat(failed.get(0).getRole()).isEqualTo("destination");
    }

    @Test
    void aZoneOtherThanUtcIsTheLogZone() {
        Collected out = Collected.run(new XenXlParser(Collected.context("z").withIdentity("vm", null, null, null)
                .withLogZone(ZoneId.of("Europe/Paris"))), List.of(
                "2024-05-01 12:00:00 CEST [1] xc: info: Saving domain 7, type x86 HVM"));
        assertThat(out.of(MigrationEvent.class)).singleElement().satisfies(e -> assertThat(e.getEventTimeUs())
                .isEqualTo(Instant.parse("2024-05-01T10:00:00Z").getEpochSecond() * 1_000_000L));
    }

    @Test
    void preCopyPassesFromLibxcProgressCountFromOne() {
        Collected out = Collected.run(new XenXlParser(ctx("passes")), List.of(
                "xc: progress: Frames iteration 0: 262144/262144  100%",
                "xc: progress: Frames iteration 1: 1024/4096   25%",
                "xc: progress: Frames iteration 2: 9/4   225%",
                "migration sender: Target reports startup failure (status code",
                "xl: warning: something else"));
        List<MigrationEvent> passes = out.of(MigrationEvent.class);
        assertThat(passes).extracting(MigrationEvent::getPass).containsExactly(1, 2);
        assertThat(passes.get(1).getStats().getRamRemainingBytes()).isEqualTo(3072L * 4096);
        assertThat(out.rejectedLines()).containsExactly(3L, 4L);
        assertThat(out.rejections.get(1).reason()).contains("cut");
        assertThat(out.ignored).isEqualTo(1);
    }

    @Test
    void theVmIsRequired() {
        assertThatThrownBy(() -> new XenXlParser(Collected.context("x"))).hasMessageContaining("--vm");
    }
}
