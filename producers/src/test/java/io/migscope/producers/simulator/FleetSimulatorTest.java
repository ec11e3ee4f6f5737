package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static SimulationSpec.Builder fleet() {
        return SimulationSpec.builder().seed(42).vms(40).nodesPerCluster(8).baselineUs(3_000_000).recoveryUs(3_000_000);
    }

    @Test
    void theSameSeedGivesIdenticalRecordsAndAnotherSeedDoesNot() {
        List<SimulatedRecord> a = SimulatorRuns.collect(new FleetSimulator(fleet().build()));
        List<SimulatedRecord> b = SimulatorRuns.collect(new FleetSimulator(fleet().build()));
        List<SimulatedRecord> c = SimulatorRuns.collect(new FleetSimulator(fleet().seed(43).build()));
        assertThat(a).hasSizeGreaterThan(1000);
        // Avro SpecificRecords compare by value, so this compares every field of every record
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void recordsComeInEventTimeOrderAndEveryEventCarriesItsMigration() {
        List<SimulatedRecord> records = SimulatorRuns.collect(new FleetSimulator(fleet().clusters(2).build()));
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).timestampUs()).as("record %d", i)
                .isGreaterThanOrEqualTo(records.get(i - 1).timestampUs());
        }
        for (SimulatedRecord r : records) {
            if (r.value() instanceof MigrationEvent e) {
                assertThat(e.getEventTimeUs()).isEqualTo(r.timestampUs());
                assertThat(r.key()).isEqualTo(e.getVm());
                assertThat(e.getMigrationId()).matches("wave-1-mig-\\d{6}");
                assertThat(e.getSourceHost()).matches("node-\\d{2}").isNotEqualTo(e.getTargetHost());
                assertThat(e.getLimits().getCompletionTimeoutPerGibS()).isEqualTo(150L);
                assertThat(e.getLimits().getProgressTimeoutS()).isEqualTo(150L);
                assertThat(e.getWave()).isEqualTo("wave-1");
            }
        }
        assertThat(records.stream().map(r -> r.value() instanceof MigrationEvent e ? e.getEventId() : null)
            .filter(id -> id != null).distinct().count())
            .as("event ids are unique")
            .isEqualTo(records.stream().filter(r -> r.topicKind() == TopicKind.EVENT).count());
    }

    @Test
    void aNonConvergingMigrationKeepsItsRemainingBytesAndIsAbortedAtTheDeadline() {
        FleetSimulator sim = new FleetSimulator(fleet().build());
        List<MigrationExpectation> stuck = sim.expectations().stream().filter(x -> !x.converging()).toList();
        assertThat(stuck).as("the default fraction includes at least one").isNotEmpty();
        Map<String, List<MigrationEvent>> byMig = SimulatorRuns.eventsByMigration(SimulatorRuns.collect(sim));
        for (MigrationExpectation x : stuck) {
            List<MigrationEvent> events = byMig.get(x.migrationId());
            List<Long> remaining = events.stream().filter(e -> e.getKind() == EventKind.PASS)
                .map(e -> e.getStats().getRamRemainingBytes()).toList();
            assertThat(remaining).hasSizeGreaterThan(5);
            for (int i = 1; i < remaining.size(); i++) {
                assertThat(remaining.get(i)).as("pass %d of %s", i + 1, x.migrationId())
                    .isGreaterThanOrEqualTo(remaining.get(i - 1));
            }
            assertThat(events).anyMatch(e -> e.getKind() == EventKind.TIMEOUT && Boolean.TRUE.equals(e.getAbortRequested()));
            MigrationEvent last = SimulatorRuns.finalStatus(events);
            assertThat(last.getStatus()).isEqualTo("cancelled");
            assertThat(events).noneMatch(e -> e.getKind() == EventKind.STOP || "completed".equals(e.getStatus()));
            assertThat(x.outcome()).isEqualTo("aborted");
            assertThat(x.blackoutMs()).isNull();
            // KubeVirt's progress timeout (150 s) fires before 150 s per GiB for every flavour
            long activeToAbort = last.getEventTimeUs() - x.activeUs();
            assertThat(activeToAbort).isBetween(150_000_000L, 150_000_000L + PrecopyModel.POLL_US + PrecopyModel.CANCEL_LAG_US);
            assertThat(x.abortReason()).startsWith("progress timeout");
        }
    }

    @Test
    void blackoutProbesAreLostForTheInjectedDurationWithinOneInterval() {
        FleetSimulator sim = new FleetSimulator(fleet().nonConvergingFraction(0).build());
        Map<String, List<PingSample>> pings = new HashMap<>();
        sim.run(r -> {
            if (r.value() instanceof PingSample p) {
                pings.computeIfAbsent(p.getMigrationId(), k -> new ArrayList<>()).add(p);
            }
        });
        long maxIntervalUs = sim.spec().pingIntervalUs() + sim.spec().pingJitterUs();
        for (MigrationExpectation x : sim.expectations()) {
            List<PingSample> probes = pings.get(x.migrationId());
            List<PingSample> lost = probes.stream().filter(p -> p.getStatus() == PingStatus.LOST).toList();
            assertThat(lost).as("lost probes of %s", x.migrationId()).isNotEmpty();
            double lostMs = lost.size() * sim.spec().pingIntervalUs() / 1000.0;
            assertThat(Math.abs(lostMs - x.blackoutMs())).as("blackout %s ms, lost %s ms", x.blackoutMs(), lostMs)
                .isLessThanOrEqualTo(maxIntervalUs / 1000.0);
            assertThat(lost).allMatch(p -> p.getSentTimeUs() >= x.blackoutStartUs() - 1_000
                && p.getSentTimeUs() < x.blackoutEndUs() && p.getRttUs() == null);
            assertThat(probes.get(0).getSentTimeUs()).isLessThan(x.startedUs() - 2_000_000);
            assertThat(probes.get(probes.size() - 1).getSentTimeUs()).isGreaterThan(x.endedUs() + 2_000_000);
            long baselineRtt = probes.get(0).getRttUs();
            long maxAfterResume = probes.stream().filter(p -> p.getRttUs() != null
                && p.getSentTimeUs() > x.resumedUs() && p.getSentTimeUs() < x.resumedUs() + 500_000)
                .mapToLong(PingSample::getRttUs).max().orElseThrow();
            assertThat(maxAfterResume).as("RTT inflation after resume").isGreaterThan(baselineRtt + 1_000);
        }
    }

    @Test
    void neverMoreThanTheParallelismCapInFlightAndQueuedMigrationsWait() {
        SimulationSpec spec = fleet().vms(60).nodesPerCluster(10).parallelismPerCluster(5).build();
        FleetSimulator sim = new FleetSimulator(spec);
        Map<String, Integer> perNode = new TreeMap<>();
        int maxPerNode = 0;
        List<long[]> spans = new ArrayList<>();
        for (List<MigrationEvent> events : SimulatorRuns.eventsByMigration(SimulatorRuns.collect(sim)).values()) {
            long start = SimulatorRuns.first(events, EventKind.STATUS, "setup").getEventTimeUs();
            long end = SimulatorRuns.finalStatus(events).getEventTimeUs();
            spans.add(new long[] {start, end, Integer.parseInt(events.get(0).getSourceHost().substring(5))});
        }
        int inFlight = 0;
        int peak = 0;
        List<long[]> edges = new ArrayList<>();
        for (long[] s : spans) {
            edges.add(new long[] {s[0], 1, s[2]});
            edges.add(new long[] {s[1], -1, s[2]});
        }
        // an end and a start at the same instant: the end frees the slot first
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] e : edges) {
            inFlight += (int) e[1];
            peak = Math.max(peak, inFlight);
            int n = perNode.merge("node-" + e[2], (int) e[1], Integer::sum);
            maxPerNode = Math.max(maxPerNode, n);
        }
        assertThat(peak).isEqualTo(5);
        assertThat(maxPerNode).isLessThanOrEqualTo(2);
        assertThat(sim.expectations()).anyMatch(x -> x.queueWaitMs() > 30_000);
        assertThat(sim.expectations()).allMatch(x -> x.startedUs() >= x.requestedUs());
    }

    @Test
    void tenThousandVmsWithShortWindowsAreGenerated() {
        SimulationSpec spec = SimulationSpec.builder().seed(9).vms(10_000).clusters(4).nodesPerCluster(50)
            .parallelismPerCluster(25).baselineUs(1_000_000).recoveryUs(1_000_000).build();
        FleetSimulator sim = new FleetSimulator(spec);
        long[] perKind = new long[TopicKind.values().length];
        long started = System.nanoTime();
        long n = sim.run(r -> perKind[r.topicKind().ordinal()]++);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulator: %d records in %.2f s (%.0f records/s)%n", n, seconds, n / seconds);
        assertThat(n).isEqualTo(perKind[0] + perKind[1] + perKind[2]);
        assertThat(perKind[TopicKind.EVENT.ordinal()]).isGreaterThanOrEqualTo(10_000L * 8);
        assertThat(perKind[TopicKind.PING.ordinal()]).isGreaterThan(10_000L * 80);
        assertThat(perKind[TopicKind.LINK.ordinal()]).isGreaterThanOrEqualTo(10_000L * 2);
    }

    @Test
    void anInvalidSpecNamesTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> fleet().nodesPerCluster(1).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nodesPerCluster = 1").hasMessageContaining("expected a value >= 2");
        assertThatThrownBy(() -> fleet().nonConvergingFraction(1.5).build())
            .hasMessageContaining("nonConvergingFraction = 1.5");
    }
}
