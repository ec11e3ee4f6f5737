package io.migscope.producers.source.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestperfParserTest {

    private static Collected parse(List<String> lines, String vm) {
        return Collected.run(new GuestperfParser(Collected.context("report.json").withIdentity(vm, "lab", "h1",
                null)), lines);
    }

    private static List<String> sample() {
        return Collected.sample("guestperf/auto-converge.json");
    }

    @Test
    void guestTimingsBecomeGuestSamplesInMicrosecondsAndMsPerGib() {
        Collected out = parse(sample(), "vm-gp");
        assertThat(out.rejections).isEmpty();
        List<GuestSample> samples = out.of(GuestSample.class);
        assertThat(samples).hasSize(25);
        GuestSample first = samples.get(0);
        assertThat(first.getSampleTimeUs()).isEqualTo(1_714_557_600_652_000L);
        assertThat(first.getMsPerGb()).isEqualTo(402.0);
        assertThat(first.getThread()).isEqualTo(151L);
        assertThat(first.getVm()).isEqualTo("vm-gp");
        assertThat(first.getSource()).isEqualTo("guestperf");
        assertThat(samples).extracting(GuestSample::getMsPerGb).contains(7012.0);
    }

    @Test
    void progressHistoryBecomesQemuEventsWithNormalisedUnits() {
        List<MigrationEvent> events = parse(sample(), "vm-gp").of(MigrationEvent.class);
        assertThat(events).hasSize(5);
        assertThat(events).allSatisfy(e -> assertThat(e.getPlatform()).isEqualTo(Platform.QEMU));
        assertThat(events).extracting(MigrationEvent::getKind).containsExactly(EventKind.STATUS, EventKind.PROGRESS,
                EventKind.PROGRESS, EventKind.PROGRESS, EventKind.STATUS);
        assertThat(events.stream().flatMap(e -> e.getPhases().stream()).map(PhaseMark::getPhase))
                .containsExactly(MigrationPhase.PRECOPY, MigrationPhase.COMPLETED);
        MigrationEvent second = events.get(1);
        assertThat(second.getEventTimeUs()).isEqualTo(1_714_557_624_402_000L);
        // 31000 pages/s of 4 KiB; 940.3 megabits/s
        assertThat(second.getStats().getDirtyRateBytesPerSec()).isEqualTo(31000L * 4096);
        assertThat(second.getStats().getBandwidthBytesPerSec()).isEqualTo(117_537_500L);
        assertThat(second.getStats().getDowntimeMs()).isNull();
        assertThat(second.getStats().getExpectedDowntimeMs()).isEqualTo(3506L);
        assertThat(events.get(3).getStats().getCpuThrottlePercent()).isEqualTo(30);
        assertThat(events.get(4).getStats().getDowntimeMs()).isEqualTo(188L);
        assertThat(events.get(4).getCompleted()).isTrue();
    }

    @Test
    void withoutVmTheScenarioNamesIt() {
        Collected out = Collected.run(new GuestperfParser(Collected.context("r")), sample());
        assertThat(out.of(GuestSample.class)).allSatisfy(s -> assertThat(s.getVm())
                .isEqualTo("guestperf/auto-converge-10"));
    }

    @Test
    void aBadEntryIsRejectedAtItsOwnLineAndTheRestIsRead() {
        List<String> lines = new ArrayList<>(sample());
        int timings = lines.indexOf("    \"guest_timings\": [");
        // the third timing record's value, and the first progress entry's clock
        int value = indexFrom(lines, timings, "\"value\"", 3);
        lines.set(value, "            \"value\": -4");
        int now = indexFrom(lines, 0, "\"now\"", 1);
        lines.set(now, "            \"now\": 12.5,");
        Collected out = parse(lines, "vm");
        assertThat(out.rejections).hasSize(2);
        assertThat(out.rejections).extracting(r -> r.line()).containsExactlyInAnyOrder(
                (long) startOfObject(lines, value) + 1, (long) startOfObject(lines, now) + 1);
        assertThat(out.rejections).anySatisfy(r -> assertThat(r.reason()).contains("ms per GB"));
        assertThat(out.rejections).anySatisfy(r -> assertThat(r.reason()).contains("event time"));
        assertThat(out.of(GuestSample.class)).hasSize(24);
        assertThat(out.of(MigrationEvent.class)).hasSize(4);
    }

    @Test
    void notAReportAtAll() {
        Collected out = parse(List.of("{\"hardware\": {}}", "[", "1"), "vm");
        assertThat(out.rejectedLines()).containsExactly(1L, 2L);
        assertThat(out.rejections.get(0).reason()).contains("not a guestperf report");
        assertThat(out.rejections.get(1).reason()).contains("not closed");
    }

    private static int indexFrom(List<String> lines, int from, String needle, int nth) {
        int seen = 0;
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(needle) && ++seen == nth) {
                return i;
            }
        }
        throw new IllegalStateException(needle);
    }

    private static int startOfObject(List<String> lines, int inside) {
        int i = inside;
        while (!lines.get(i).strip().equals("{")) {
            i--;
        }
        return i;
    }
}
