package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's demo fleet through the streams core v2; every result is checked against what the scenario encodes. */
@ExtendWith(MigscopeKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoreTopologyTest {
    private static final long START_US = 1_790_000_000_000_000L;
    private FleetSimulator sim;
    private Map<String, MigrationSummary> summaries;
    private Map<String, MigrationTimeline> timelines;
    private Map<String, DowntimeReport> downtime;
    private List<Alert> alerts;
    private List<DeadLetter> deadLetters;
    private double outsideMigrations;
    private int summaryRecords;

    @BeforeAll
    void runDemoFleet(KafkaStack stack, @TempDir Path state) {
        sim = new FleetSimulator(SimulationSpec.demo(7, START_US));
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            sim.run(f::pipe);
            f.endOfRun();
            List<org.apache.kafka.streams.KeyValue<String, MigrationSummary>> written = f.driver.createOutputTopic(
                    f.topics.summaries(), org.apache.kafka.common.serialization.Serdes.String().deserializer(),
                    f.serdes.summaries().deserializer()).readKeyValuesToList();
            summaryRecords = written.size();
            summaries = new java.util.HashMap<>();
            written.forEach(kv -> summaries.put(kv.key, kv.value));
            timelines = f.latest(f.topics.timelines(), f.serdes.timelines());
            downtime = f.latest(f.topics.downtime(), f.serdes.downtime());
            alerts = f.driver.createOutputTopic(f.topics.alerts(), org.apache.kafka.common.serialization.Serdes.String()
                    .deserializer(), f.serdes.alerts().deserializer()).readValuesToList();
            deadLetters = f.deadLetters();
            outsideMigrations = f.metric("probes-outside-migrations-total");
        }
    }

    @Test
    void everyMigrationEndsWithOneSummaryAndTheExpectedOutcome() {
        assertThat(summaries).hasSize(sim.expectations().size());
        for (MigrationExpectation e : sim.expectations()) {
            MigrationSummary s = summaries.get(e.migrationId());
            assertThat(s).as(e.migrationId()).isNotNull();
            assertThat(s.getOutcome()).as(e.migrationId()).isEqualTo(e.outcome());
            assertThat(s.getVm()).isEqualTo(e.vm());
            assertThat(s.getSourceHost()).isEqualTo(e.sourceHost());
            assertThat(s.getTargetHost()).isEqualTo(e.targetHost());
            assertThat(timelines.get(e.migrationId()).getFinal$()).isTrue();
        }
    }

    @Test
    void summariesAreWrittenOnceEachUnlessLaterBytesOnTheWireChangeThem() {
        assertThat(summaryRecords).isBetween(summaries.size(), 3 * summaries.size());
    }

    @Test
    void aCleanRunSendsNothingToTheDeadLetterTopic() {
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void probesBeforeAndAfterMigrationWindowsAreCountedNotDropped() {
        // Each VM is probed for its baseline before its migration starts: those probes belong to no migration yet.
        assertThat(outsideMigrations).isGreaterThanOrEqualTo(sim.expectations().size());
    }

    @Test
    void brownoutIsMeasuredAgainstTheBaselineBeforeTheTransfer() {
        for (MigrationExpectation e : sim.expectations()) {
            if (e.resumedUs() == null) {
                continue;
            }
            MigrationSummary s = summaries.get(e.migrationId());
            assertThat(s.getRttBaselineUs()).as(e.migrationId()).isCloseTo(e.rttBaselineUs(), within(e.rttBaselineUs() / 2));
            assertThat(s.getBrownoutMs()).as(e.migrationId()).isNotNull()
                    .isLessThanOrEqualTo((e.brownoutEndUs() - e.resumedUs()) / 1000.0 + 500);
        }
    }

    @Test
    void observedBlackoutMatchesTheInjectedGapWithinOneProbeInterval() {
        for (MigrationExpectation e : sim.expectations()) {
            if (e.blackoutStartUs() == null) {
                continue;
            }
            DowntimeReport d = downtime.get(e.migrationId());
            double injectedMs = (e.blackoutEndUs() - e.blackoutStartUs()) / 1000.0;
            double intervalMs = d.getIntervalUs() / 1000.0;
            assertThat(d.getFinal$()).isTrue();
            assertThat(d.getObservedBlackoutMs()).as(e.migrationId()).isCloseTo(injectedMs, within(intervalMs));
            assertThat(d.getReportedDowntimeMs()).as(e.migrationId()).isEqualTo(e.reportedDowntimeMs());
            assertThat(summaries.get(e.migrationId()).getObservedBlackoutMs()).isEqualTo(d.getObservedBlackoutMs());
        }
    }

    /**
     * iftop counts per host pair in 2 s intervals, and nothing in a migration's events names its ports: bytes are
     * attributed by interval, so a migration gets all of its own bytes plus at most one interval of a neighbour's
     * on the same pair (or of its own abort's last poll).
     */
    @Test
    void bytesOnTheWireAreAttributedToTheirMigrationWithinOneIftopInterval() {
        for (MigrationExpectation e : sim.expectations()) {
            MigrationSummary s = summaries.get(e.migrationId());
            assertThat(s.getWireBytes()).as(e.migrationId()).isNotNull();
            if (s.getWireBytesNote() == null) {
                assertThat(s.getWireBytes()).as(e.migrationId())
                        .isBetween(e.transferredBytes(), e.transferredBytes() + 2 * e.bandwidthBytesPerSec());
            } else {
                assertThat(s.getWireBytesNote()).contains("could not be split");
                assertThat(s.getWireBytes()).isGreaterThanOrEqualTo(e.transferredBytes());
            }
        }
    }

    @Test
    void sharedHostPairsAreSaidExactlyWhenTransfersOverlap() {
        long interval = 2_000_000L;
        for (MigrationExpectation e : sim.expectations()) {
            boolean overlaps = false;
            boolean near = false;
            for (MigrationExpectation o : sim.expectations()) {
                if (o == e || !samePair(e, o)) {
                    continue;
                }
                overlaps |= o.startedUs() < e.endedUs() && e.startedUs() < o.endedUs();
                near |= o.startedUs() < e.endedUs() + interval && e.startedUs() < o.endedUs() + interval;
            }
            String note = summaries.get(e.migrationId()).getWireBytesNote();
            if (overlaps) {
                assertThat(note).as(e.migrationId()).isNotNull();
            }
            if (!near) {
                assertThat(note).as(e.migrationId()).isNull();
            }
        }
    }

    private static boolean samePair(MigrationExpectation a, MigrationExpectation b) {
        return a.sourceHost().equals(b.sourceHost()) && a.targetHost().equals(b.targetHost())
                || a.sourceHost().equals(b.targetHost()) && a.targetHost().equals(b.sourceHost());
    }

    @Test
    void migrationTimeRunsFromRequestToEnd() {
        for (MigrationExpectation e : sim.expectations()) {
            assertThat(summaries.get(e.migrationId()).getMigrationTimeMs()).as(e.migrationId())
                    .isEqualTo((e.endedUs() - e.requestedUs()) / 1000);
        }
    }

    @Test
    void nonConvergingMigrationAlertsBeforeItsDeadlineAndConvergingOnesNever() {
        for (MigrationExpectation e : sim.expectations()) {
            List<Alert> fired = alerts.stream().filter(a -> a.getMigrationId().equals(e.migrationId())
                    && a.getKind() == AlertKind.NON_CONVERGING && a.getState() == AlertState.FIRING).toList();
            if (e.converging()) {
                assertThat(fired).as("converging %s", e.migrationId()).isEmpty();
            } else {
                assertThat(fired).as("non-converging %s", e.migrationId()).isNotEmpty();
                assertThat(fired.get(0).getFiredAtUs()).isLessThan(e.endedUs());
                assertThat(summaries.get(e.migrationId()).getAlerts()).contains("NON_CONVERGING");
            }
        }
    }

    @Test
    void aLateProbeGoesToTheDeadLetterTopicWithItsReason(@TempDir Path state, KafkaStack stack) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of("streams.grace", "5s"))) {
            f.signal("vm-x", batch("vm-x", START_US + 100_000_000L, 300L), START_US + 100_000_000L);
            f.signal("vm-x", batch("vm-x", START_US, 300L), START_US);
            List<DeadLetter> letters = f.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getStage()).isEqualTo("late");
            assertThat(letters.get(0).getReason()).contains("grace");
            assertThat(letters.get(0).getOrigin()).isEqualTo(f.topics.signals());
            assertThat(letters.get(0).getRaw().remaining()).isGreaterThan(5);
        }
    }

    @Test
    void absurdValuesGoToTheDeadLetterTopicAndDoNotMoveStreamTime(@TempDir Path state, KafkaStack stack) {
        long year2100Us = 4_102_444_800_000_000L;
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of("streams.grace", "5s"))) {
            f.signal("vm-x", batch("vm-x", START_US, 300L), START_US);
            f.signal("vm-x", batch("vm-x", START_US + 100_000, -5L), START_US + 100_000);
            f.signal("vm-x", batch("vm-x", year2100Us, 300L), year2100Us);
            io.migscope.avro.ProbeBatch inconsistent = batch("vm-x", START_US + 150_000, 300L);
            inconsistent.setRttUs(List.of());
            f.signal("vm-x", inconsistent, START_US + 150_000);
            f.link(io.migscope.avro.LinkSample.newBuilder().setSourceHost("node-1").setTargetHost("node-2")
                    .setIntervalStartUs(START_US).setIntervalEndUs(START_US + 2_000_000).setBytesSent(1L << 61)
                    .setBytesReceived(0).build());
            // Had the 2100 batch moved the task's event time, this one would be late.
            f.signal("vm-x", batch("vm-x", START_US + 200_000, 300L), START_US + 200_000);

            List<DeadLetter> letters = f.deadLetters();
            assertThat(letters).extracting(DeadLetter::getReason).satisfiesExactlyInAnyOrder(
                    r -> assertThat(r).contains("implausible VmSignal").contains("rtt_us -5"),
                    r -> assertThat(r).contains("implausible VmSignal").contains("sent_time_us")
                            .contains("more than a day in the future"),
                    r -> assertThat(r).contains("inconsistent probe batch").contains("round trips"),
                    r -> assertThat(r).contains("implausible LinkSample").contains("bytes_sent"));
            assertThat(letters).allSatisfy(d -> assertThat(d.getRaw().remaining()).isGreaterThan(5));
        }
    }

    private static io.migscope.avro.ProbeBatch batch(String vm, long sentUs, long rttUs) {
        return io.migscope.signals.ProbeBatches.of(List.of(PingSample.newBuilder().setVm(vm).setTarget("10.0.0.9")
                .setSeq(1).setSeqRaw(1).setSentTimeUs(sentUs).setObservedTimeUs(sentUs + 300).setRttUs(rttUs)
                .setStatus(PingStatus.REPLY).build()));
    }
}
