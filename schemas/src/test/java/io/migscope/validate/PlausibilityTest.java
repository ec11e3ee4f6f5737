package io.migscope.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.EventKind;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import org.junit.jupiter.api.Test;

class PlausibilityTest {
    private static final long NOW_US = 1_795_320_000_000_000L;
    private static final long T = NOW_US - 3_600_000_000L;

    @Test
    void plausibleRecordsPass() {
        assertThat(Plausibility.problem(ping(T, 300L), NOW_US)).isNull();
        assertThat(Plausibility.problem(link(T, 125_000_000L), NOW_US)).isNull();
        assertThat(Plausibility.problem(event(T, 1L << 33), NOW_US)).isNull();
    }

    @Test
    void timesBefore2000OrADayAheadAreAbsurd() {
        assertThat(Plausibility.problem(ping(0, 300L), NOW_US)).contains("sent_time_us 0 us is before 2000-01-01");
        assertThat(Plausibility.problem(event(NOW_US + 2 * Plausibility.MAX_FUTURE_US, 0), NOW_US))
                .contains("event_time_us").contains("more than a day in the future");
        assertThat(Plausibility.problem(ping(NOW_US + Plausibility.MAX_FUTURE_US / 2, 300L), NOW_US)).isNull();
    }

    @Test
    void negativeRoundTripsAndAbsurdByteCountsAreAbsurd() {
        assertThat(Plausibility.problem(ping(T, -5L), NOW_US)).isEqualTo("rtt_us -5 us is outside 0..3600000000 us (an hour)");
        assertThat(Plausibility.problem(link(T, 1L << 61), NOW_US)).startsWith("bytes_sent 2305843009213693952 is outside");
        assertThat(Plausibility.problem(link(T, -1), NOW_US)).startsWith("bytes_sent -1 is outside");
    }

    @Test
    void nestedStatisticsAreChecked() {
        assertThat(Plausibility.problem(event(T, -3), NOW_US)).startsWith("ram_remaining_bytes -3");
        assertThatThrownBy(() -> Plausibility.require(event(T, -3), NOW_US))
                .hasMessageStartingWith("implausible MigrationEvent: ram_remaining_bytes -3");
    }

    @Test
    void signalsAreCheckedThroughTheirUnion() {
        MigrationEvent marked = MigrationEvent.newBuilder(event(T, 0)).setPhases(java.util.List.of(
                io.migscope.avro.PhaseMark.newBuilder().setPhase(io.migscope.avro.MigrationPhase.PRECOPY).setAtUs(5)
                        .build())).build();
        assertThat(Plausibility.problem(signal(marked), NOW_US)).isEqualTo("at_us 5 us is before 2000-01-01");
        assertThat(Plausibility.problem(signal(batch(T, -7L)), NOW_US)).startsWith("rtt_us -7 us is outside");
        assertThat(Plausibility.problem(signal(batch(T, 300L)), NOW_US)).isNull();
        assertThat(Plausibility.problem(signal(batch(12, 300L)), NOW_US)).startsWith("first_sent_time_us 12 us");
    }

    @Test
    void guestSamplesNeedATimeAndAPositiveFiniteSpeed() {
        assertThat(Plausibility.problem(signal(guest(T, 400.0)), NOW_US)).isNull();
        assertThat(Plausibility.problem(signal(guest(T, Plausibility.MAX_MS_PER_GB)), NOW_US)).isNull();
        assertThat(Plausibility.problem(signal(guest(T, 0.0)), NOW_US)).startsWith("ms_per_gb 0.0 is outside (0, 3600000]");
        assertThat(Plausibility.problem(signal(guest(T, -400.0)), NOW_US)).startsWith("ms_per_gb -400.0 is outside");
        assertThat(Plausibility.problem(signal(guest(T, Double.NaN)), NOW_US)).startsWith("ms_per_gb NaN is outside");
        assertThat(Plausibility.problem(signal(guest(T, Double.POSITIVE_INFINITY)), NOW_US))
                .startsWith("ms_per_gb Infinity is outside");
        assertThat(Plausibility.problem(signal(guest(T, 3_600_001.0)), NOW_US)).startsWith("ms_per_gb 3600001.0");
        assertThat(Plausibility.problem(signal(guest(31, 400.0)), NOW_US)).startsWith("sample_time_us 31 us");
    }

    private static io.migscope.avro.GuestSample guest(long timeUs, double msPerGb) {
        return io.migscope.avro.GuestSample.newBuilder().setVm("vm-a").setSampleTimeUs(timeUs).setMsPerGb(msPerGb)
                .setSource("guest-stress").build();
    }

    private static io.migscope.avro.VmSignal signal(Object value) {
        return io.migscope.avro.VmSignal.newBuilder().setSignal(value).build();
    }

    private static io.migscope.avro.ProbeBatch batch(long sentUs, long rttUs) {
        return io.migscope.avro.ProbeBatch.newBuilder().setVm("vm-a").setTarget("10.0.0.5").setFirstSeq(1)
                .setFirstSentTimeUs(sentUs).setLastSentTimeUs(sentUs + 100_000)
                .setSeqDeltas(java.util.List.of(0L, 1L)).setSentDeltasUs(java.util.List.of(0L, 100_000L))
                .setObservedOffsetsUs(java.util.List.of(300L, 300L))
                .setStatuses(java.util.List.of(PingStatus.REPLY, PingStatus.REPLY))
                .setRttUs(java.util.List.of(300L, rttUs)).build();
    }

    private static PingSample ping(long sentUs, Long rttUs) {
        return PingSample.newBuilder().setVm("vm-a").setTarget("10.0.0.5").setSeq(1).setSeqRaw(1)
                .setSentTimeUs(sentUs).setObservedTimeUs(Math.max(sentUs, 0) + 300).setRttUs(rttUs)
                .setStatus(PingStatus.REPLY).build();
    }

    private static LinkSample link(long endUs, long bytes) {
        return LinkSample.newBuilder().setSourceHost("node-1").setTargetHost("node-2")
                .setIntervalStartUs(endUs - 2_000_000).setIntervalEndUs(endUs).setBytesSent(bytes)
                .setBytesReceived(0).build();
    }

    private static MigrationEvent event(long timeUs, long remaining) {
        return MigrationEvent.newBuilder().setEventId("e1").setEventTimeUs(timeUs).setPlatform(Platform.QEMU)
                .setSourceFormat("qmp").setKind(EventKind.PASS).setVm("vm-a")
                .setStats(MigrationStats.newBuilder().setRamRemainingBytes(remaining).build()).build();
    }
}
