package io.migscope.sink;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.Blackout;
import io.migscope.avro.Distribution;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.Platform;
import io.migscope.avro.Rollup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Output records as the topologies would emit them. */
final class Samples {
    /** 2025-01-01T00:00:00Z in epoch microseconds. */
    static final long T0_US = 1_735_689_600_000_000L;
    static final long MINUTE_US = 60_000_000L;

    private Samples() {
    }

    static MigrationSummary.Builder summary(String id) {
        return MigrationSummary.newBuilder()
                .setMigrationId(id).setVm("vm-" + id).setCluster("c1").setPlatform(Platform.SIMULATOR)
                .setSourceHost("node-1").setTargetHost("node-2").setOutcome("completed").setMode("precopy")
                .setRequestedAtUs(T0_US).setStartedAtUs(T0_US + 1_000_000).setCompletedAtUs(T0_US + 31_000_000)
                .setMigrationTimeMs(31_000L).setQueueWaitMs(1_000L).setTransferTimeMs(29_500L)
                .setObservedBlackoutMs(120.0).setObservedBlackoutTotalMs(130.0).setBlackoutCount(2)
                .setReportedDowntimeMs(95L).setBrownoutMs(400.0).setRttBaselineUs(350L).setPasses(4)
                .setHypervisorBytes(8L << 30).setWireBytes(9L << 30).setWireBytesNote(null)
                .setAlerts(List.of("STUCK")).setFlags(List.of()).setWave("w1").setFlavor("m1.large")
                .setVmMemoryBytes(8L << 30).setLoadProfile("DPG 256 MiB").setGuestBaselineMsPerGb(402.0)
                .setGuestSlowdownMaxMsPerGb(7012.0);
    }

    static MigrationTimeline timeline(String id, long updatedUs, String... phaseNames) {
        List<Phase> phases = new ArrayList<>();
        long start = T0_US;
        for (String name : phaseNames) {
            phases.add(Phase.newBuilder().setName(name).setStartUs(start).setEndUs(start + 5_000_000)
                    .setStartSource("qmp").setEndSource("qmp").build());
            start += 5_000_000;
        }
        return MigrationTimeline.newBuilder()
                .setMigrationId(id).setVm("vm-" + id).setCluster("c1").setPlatform(Platform.QEMU)
                .setSourceHost("node-1").setTargetHost("node-2").setMode("precopy").setPhases(phases)
                .setPasses(List.of()).setReactions(List.of()).setFlags(List.of()).setOutcome(null)
                .setFinal$(false).setUpdatedUs(updatedUs).build();
    }

    static DowntimeReport downtime(String id) {
        Blackout closed = Blackout.newBuilder().setLastReplyUs(T0_US + 20_000_000).setFirstReplyUs(T0_US + 20_300_000)
                .setLostProbes(2).setEstimateMs(200.0).setLowerMs(100.0).setUpperMs(300.0).setOpen(false).build();
        Blackout open = Blackout.newBuilder().setLastReplyUs(T0_US + 25_000_000).setFirstReplyUs(null)
                .setLostProbes(1).setEstimateMs(100.0).setLowerMs(0.0).setUpperMs(null).setOpen(true).build();
        return DowntimeReport.newBuilder()
                .setMigrationId(id).setVm("vm-" + id).setIntervalUs(100_000L).setProbes(300).setProbesLost(3)
                .setProbesLate(1).setBlackouts(List.of(closed, open)).setObservedBlackoutMs(200.0)
                .setObservedBlackoutTotalMs(300.0).setBlackoutCount(2).setReportedDowntimeMs(150L)
                .setReportedSource("qmp").setRttBaselineUs(300L).setRttPeakAfterResumeUs(9_000L)
                .setBrownoutMs(500.0).setFinal$(true).setGuestBaselineMsPerGb(402.0).setGuestSlowdownMaxMsPerGb(7012.0)
                .build();
    }

    static Rollup rollup(String cluster, long windowStartUs) {
        Distribution time = Distribution.newBuilder().setMetric("migration_time_ms").setCount(3).setP50(30_000.0)
                .setP95(45_000.0).setP99(45_000.0).setMax(45_000.0)
                .setSketch(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).build();
        Distribution blackout = Distribution.newBuilder().setMetric("observed_blackout_ms").setCount(3)
                .setP50(110.0).setP95(300.0).setP99(300.0).setMax(300.0)
                .setSketch(ByteBuffer.wrap(new byte[] {9, 8, 7})).build();
        return Rollup.newBuilder()
                .setWindowStartUs(windowStartUs).setWindowEndUs(windowStartUs + MINUTE_US).setWindow("1m")
                .setDimension("cluster").setDimensionValue(cluster).setStarted(4).setCompleted(3).setFailed(1)
                .setAborted(0).setSuccessRate(0.75).setMetrics(List.of(time, blackout)).build();
    }

    static Alert alert(String migrationId, AlertKind kind, AlertState state, long firedUs, Long resolvedUs) {
        return Alert.newBuilder()
                .setAlertId(migrationId + ":" + kind).setMigrationId(migrationId).setVm("vm-" + migrationId)
                .setCluster("c1").setKind(kind).setState(state).setFiredAtUs(firedUs).setResolvedAtUs(resolvedUs)
                .setUpdatedAtUs(resolvedUs != null ? resolvedUs : firedUs)
                .setEvidence("dirty rate 2.1 GB/s above bandwidth 1.2 GB/s for 5 passes")
                .setDeadlineUs(null).setPredictedCompletionUs(null).setSecondsLeftBeforeDeadline(null).build();
    }

    /** A mix of every output type, with synthetic source offsets. */
    static List<SinkRecord> everything() {
        List<SpecificRecord> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(summary("m" + i).setObservedBlackoutMs(100.0 + i).build());
            values.add(timeline("m" + i, T0_US + i, "requested", "precopy", "switchover", "completed"));
            values.add(downtime("m" + i));
            values.add(rollup("c" + (i % 3), T0_US + (i / 3) * MINUTE_US));
        }
        values.add(alert("m1", AlertKind.NON_CONVERGING, AlertState.FIRING, T0_US, null));
        values.add(alert("m2", AlertKind.STUCK, AlertState.RESOLVED, T0_US, T0_US + 5_000_000));
        return records("test-topic", values);
    }

    static List<SinkRecord> records(String topic, List<? extends SpecificRecord> values) {
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (SpecificRecord value : values) {
            records.add(new SinkRecord(topic, 0, offset++, null, new byte[] {(byte) offset}, value));
        }
        return records;
    }
}
