package io.migscope.producers.source.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomjobinfoParserTest {

    private static final long START = 1_714_557_600_000_000L;

    private static ParseContext context(Long startedAt) {
        return Collected.context("domjobinfo.txt").withIdentity("vm-42", null, "hv-1", "source")
                .withIftop(null, startedAt, 1_000_000L);
    }

    @Test
    void runningCompletedAndFailedBlocksWithBinaryUnits() {
        // the fixture is written by src/test/scripts/virsh_samples.py from cmdDomjobinfo's printf formats
        Collected out = Collected.run(new DomjobinfoParser(context(START)),
                Collected.sample("virsh-domjobinfo/running-then-completed.txt"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getStatus).containsExactly("Unbounded", "Completed", "Failed");
        assertThat(events).extracting(MigrationEvent::getKind).containsOnly(EventKind.STATS);
        // the None block in between is block 1: the completed block is block 2
        assertThat(events).extracting(MigrationEvent::getEventTimeUs)
                .containsExactly(START, START + 2_000_000L, START + 3_000_000L);
        MigrationStats running = events.get(0).getStats();
        assertThat(events.get(0).getDetail()).isEqualTo("Outgoing migration");
        assertThat(running.getTimeElapsedMs()).isEqualTo(3021L);
        assertThat(running.getRamTransferredBytes()).isEqualTo(512L * 1024 * 1024);
        // three decimals of GiB: within half a thousandth of a GiB
        assertThat(running.getRamTotalBytes()).isCloseTo(1_091_379_200L, within(537_000L));
        // 117540000 B/s prints as 112.095 MiB/s: within half a thousandth of a MiB
        assertThat(running.getBandwidthBytesPerSec()).isCloseTo(117_540_000L, within(525L));
        assertThat(running.getDirtyRateBytesPerSec()).isEqualTo(2500L * 4096);
        assertThat(running.getPageSizeBytes()).isEqualTo(4096L);
        assertThat(running.getExpectedDowntimeMs()).isEqualTo(300L);
        assertThat(running.getDowntimeMs()).isNull();
        assertThat(running.getMemoryIteration()).isEqualTo(2L);
        assertThat(running.getPostcopyRequests()).isZero();
        assertThat(running.getRamDuplicatePages()).isEqualTo(1200L);
        assertThat(running.getRamNormalPages()).isEqualTo(130_001L);
        assertThat(running.getRamNormalBytes()).isCloseTo(130_001L * 4096, within(525L));
        assertThat(running.getCpuThrottlePercent()).isEqualTo(20);
        assertThat(running.getSetupTimeMs()).isEqualTo(10L);
        MigrationStats done = events.get(1).getStats();
        assertThat(done.getDowntimeMs()).isEqualTo(182L);
        assertThat(done.getDowntimeNetMs()).isEqualTo(181L);
        assertThat(done.getRamRemainingBytes()).isZero();
        assertThat(done.getDataRemainingBytes()).isZero();
        assertThat(done.getDirtyRateBytesPerSec()).isZero();
        assertThat(done.getBandwidthBytesPerSec()).isCloseTo(220_000_000L, within(525L));
        // a failed job without --anystats prints only its type and operation
        assertThat(events.get(2).getDetail()).isEqualTo("Outgoing migration");
        assertThat(events.get(2).getStats().getTimeElapsedMs()).isNull();
    }

    @Test
    void withoutTimeOrVmItRefuses() {
        Collected out = Collected.run(new DomjobinfoParser(context(null)),
                Collected.sample("virsh-domjobinfo/running-then-completed.txt"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejections).hasSize(3).allSatisfy(r -> assertThat(r.reason()).contains("no time"));
        assertThatThrownBy(() -> new DomjobinfoParser(Collected.context("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsWrongUnitsAndOrphanLines() {
        List<String> lines = new ArrayList<>(List.of("Time elapsed:     12           ms"));
        lines.add("Job type:         Unbounded   ");
        lines.add("Memory total:     1.016 Gb");
        lines.add("something else");
        Collected out = Collected.run(new DomjobinfoParser(context(START)), lines);
        assertThat(out.records).isEmpty();
        assertThat(out.rejectedLines()).containsExactly(1L, 4L, 2L);
        assertThat(out.rejections.get(2).reason()).contains("binary unit");
    }

    @Test
    void rejectsPaddingThatVirshDoesNotPrint() {
        List<String> lines = List.of("Job type:         Unbounded   ",
                "Constant pages: 1200        ",
                "Auto converge throttle: 20 %",
                "Postcopy requests:  0           ",
                "Job type:         Running     ");
        Collected out = Collected.run(new DomjobinfoParser(context(START)), lines);
        assertThat(out.rejections).extracting(r -> r.line()).containsExactly(2L, 4L, 1L, 5L);
        assertThat(out.rejections.get(0).reason()).contains("padding");
        assertThat(out.rejections.get(1).reason()).contains("padding");
        assertThat(out.rejections.get(2).reason()).contains("'20 %' is not a bare percentage");
        assertThat(out.rejections.get(3).reason()).contains("unknown job type 'Running'");
    }
}
