package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.EventKind;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed-002 fleet shows what seed 002 compares and what each platform's sources say it does with each load:
 * migration time against blackout time, per platform and load. Prints the table it checks.
 */
class Seed002SimulationTest {

    private static final long START = 1_790_000_000_000_000L;
    private static final long MIB = 1L << 20;
    private static FleetSimulator sim;
    private static List<SimulatedRecord> records;

    @BeforeAll
    static void run() {
        sim = new FleetSimulator(SimulationSpec.seed002(2, START));
        records = SimulatorRuns.collect(sim);
        System.out.println(table());
    }

    /** The expectations of one platform in one series, by the series' level (CLG %, LPG or DPG bytes, or GiB). */
    private static List<MigrationExpectation> series(Platform platform, String kind) {
        return sim.expectations().stream()
            .filter(e -> e.profile().platform() == platform && e.profile().flavor() == Flavor.M)
            .filter(e -> e.profile().load().kind().equals(kind) || e.profile().load().kind().equals("none"))
            .sorted(Comparator.comparingLong(e -> level(e.profile().load())))
            .toList();
    }

    private static long level(GuestLoad load) {
        return load.cpuPercent() + load.lockedBytes() + load.dirtyBytes();
    }

    private static List<MigrationExpectation> sizes(Platform platform) {
        return sim.expectations().stream()
            .filter(e -> e.profile().platform() == platform && e.profile().load().kind().equals("none"))
            .sorted(Comparator.comparingLong(MigrationExpectation::memoryBytes)).toList();
    }

    private static double blackout(MigrationExpectation e) {
        return e.blackoutMs();
    }

    private static long[] longs(List<MigrationExpectation> list, ToLongFunction<MigrationExpectation> f) {
        return list.stream().mapToLong(f).toArray();
    }

    private static double[] doubles(List<MigrationExpectation> list, ToDoubleFunction<MigrationExpectation> f) {
        return list.stream().mapToDouble(f).toArray();
    }

    @Test
    void everyMigrationCompletesAndItsBlackoutIsFarShorterThanItsMigrationTime() {
        assertThat(sim.expectations()).hasSize(45);
        // seed 002: the blackout "can be significantly less than the migration time"
        assertThat(sim.expectations()).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("completed");
            assertThat(e.blackoutMs()).isLessThan(e.runTimeMs() / 5.0);
            // every migration starts at once: the request-to-done time is the run plus the controller's pick-up
            assertThat(e.queueWaitMs()).isLessThan(300);
        });
    }

    @Test
    void migrationTimeGrowsWithDirtyPagesOnEveryPlatform() {
        for (Platform p : SimulationSpec.SEED002_PLATFORMS) {
            long[] times = longs(series(p, "DPG"), MigrationExpectation::runTimeMs);
            assertThat(times).as("%s run times idle, DPG 64..512 MiB", p).hasSize(5);
            for (int i = 1; i < times.length; i++) {
                assertThat(times[i]).as("%s DPG step %d", p, i).isGreaterThanOrEqualTo(times[i - 1]);
            }
            assertThat(times[4]).as(p.toString()).isGreaterThan(times[0] * 13 / 10);
        }
        // KVM's auto-converge throttles its way through the buffer pass by pass: the steepest rise
        long kvm = series(Platform.QEMU, "DPG").get(4).runTimeMs() - series(Platform.QEMU, "DPG").get(0).runTimeMs();
        long vmotion = series(Platform.VSPHERE, "DPG").get(4).runTimeMs()
            - series(Platform.VSPHERE, "DPG").get(0).runTimeMs();
        assertThat(kvm).isGreaterThan(vmotion);
    }

    @Test
    void xenServersBlackoutGrowsWithDirtyPagesWhileVmotionAndKvmKeepTheirsBounded() {
        double[] xen = doubles(series(Platform.XEN, "DPG"), Seed002SimulationTest::blackout);
        for (int i = 1; i < xen.length; i++) {
            assertThat(xen[i]).as("Xen DPG step %d", i).isGreaterThan(xen[i - 1]);
        }
        // libxc pauses the guest and sends the whole dirty buffer: 512 MiB at 1 Gb/s is over 4 s
        assertThat(xen[4]).isGreaterThan(4_000);
        for (MigrationExpectation e : series(Platform.QEMU, "DPG")) {
            assertThat(e.blackoutMs()).as("KVM %s", e.profile().load().label())
                .isLessThan(300 + 235 + 40 + 1.0);
        }
        for (MigrationExpectation e : series(Platform.VSPHERE, "DPG")) {
            assertThat(e.blackoutMs()).as("vMotion %s", e.profile().load().label())
                .isLessThan(500 + 235 + 40 + 1.0);
        }
        double vmotion = series(Platform.VSPHERE, "DPG").get(4).blackoutMs();
        double kvm = series(Platform.QEMU, "DPG").get(4).blackoutMs();
        assertThat(xen[4]).isGreaterThan(4 * Math.max(vmotion, kvm));
    }

    @Test
    void lockedPagesLengthenOnlyKvmWhichSkipsUntouchedMemory() {
        long[] kvm = longs(series(Platform.QEMU, "LPG"), MigrationExpectation::runTimeMs);
        for (int i = 1; i < kvm.length; i++) {
            assertThat(kvm[i]).as("KVM LPG step %d", i).isGreaterThan(kvm[i - 1]);
        }
        for (Platform p : List.of(Platform.XEN, Platform.VSPHERE)) {
            long[] t = longs(series(p, "LPG"), MigrationExpectation::runTimeMs);
            long min = java.util.Arrays.stream(t).min().orElseThrow();
            long max = java.util.Arrays.stream(t).max().orElseThrow();
            assertThat(max - min).as("%s LPG spread", p).isLessThan(max / 20);
        }
        // they send the whole 4 GiB where KVM sends what the guest touched
        assertThat(series(Platform.XEN, "LPG").get(0).runTimeMs()).isGreaterThan(kvm[0] * 2);
    }

    @Test
    void cpuLoadChangesNeitherMeasure() {
        for (Platform p : SimulationSpec.SEED002_PLATFORMS) {
            List<MigrationExpectation> clg = series(p, "CLG");
            assertThat(clg).hasSize(5);
            double idleRun = clg.get(0).runTimeMs();
            for (MigrationExpectation e : clg) {
                assertThat((double) e.runTimeMs()).as("%s %s", p, e.profile().load().label())
                    .isCloseTo(idleRun, within(idleRun * 0.05));
                assertThat(e.blackoutMs()).isLessThan(600);
                assertThat(e.transferredBytes()).isCloseTo(clg.get(0).transferredBytes(),
                    within(clg.get(0).transferredBytes() / 10));
            }
        }
    }

    @Test
    void biggerGuestsTakeLongerAndWholeMemoryCopiersMostOfAll() {
        for (Platform p : SimulationSpec.SEED002_PLATFORMS) {
            long[] t = longs(sizes(p), MigrationExpectation::runTimeMs);
            assertThat(t).as(p.toString()).hasSize(4).isSorted();
            assertThat(t[3]).isGreaterThan(t[0]);
        }
        long kvmXl = sizes(Platform.QEMU).get(3).runTimeMs();
        assertThat(sizes(Platform.XEN).get(3).runTimeMs()).isGreaterThan(kvmXl * 3);
        assertThat(sizes(Platform.VSPHERE).get(3).runTimeMs()).isGreaterThan(kvmXl * 3);
    }

    @Test
    void eventsUseEachPlatformsOwnValueAndCanonicalMarks() {
        Map<String, List<MigrationEvent>> byMigration = SimulatorRuns.eventsByMigration(records);
        Map<String, MigrationExpectation> expected = new HashMap<>();
        sim.expectations().forEach(e -> expected.put(e.migrationId(), e));
        assertThat(byMigration).hasSize(45);
        byMigration.forEach((id, events) -> {
            Platform platform = expected.get(id).profile().platform();
            assertThat(events).allSatisfy(e -> assertThat(e.getPlatform()).isEqualTo(platform));
            // the comparison's other axis travels with every event: the guest's load as seed 002 names it
            String load = expected.get(id).profile().load().label();
            assertThat(events).allSatisfy(e -> assertThat(e.getLoadProfile()).isEqualTo(load));
            List<MigrationPhase> phases = events.stream().flatMap(e -> e.getPhases().stream())
                .map(PhaseMark::getPhase).distinct().toList();
            assertThat(phases).as(id).startsWith(MigrationPhase.REQUESTED, MigrationPhase.PRECOPY)
                .endsWith(MigrationPhase.COMPLETED);
            if (platform == Platform.VSPHERE) {
                // vCenter tells neither the stun nor the resume: the probes alone see the blackout
                assertThat(phases).doesNotContain(MigrationPhase.SWITCHOVER, MigrationPhase.RESUMED);
            } else {
                assertThat(phases).contains(MigrationPhase.SWITCHOVER, MigrationPhase.RESUMED);
            }
        });
        // KVM's PASS events carry auto-converge's throttle, up to 90 % under the largest DPG
        String kvmDpg = series(Platform.QEMU, "DPG").get(4).migrationId();
        int maxThrottle = byMigration.get(kvmDpg).stream().filter(e -> e.getKind() == EventKind.PASS)
            .mapToInt(e -> e.getStats().getCpuThrottlePercent()).max().orElseThrow();
        assertThat(maxThrottle).isEqualTo(90);
        assertThat(byMigration.get(kvmDpg).get(0).getLoadProfile()).isEqualTo("DPG 512 MiB");
        assertThat(byMigration.get(kvmDpg).get(0).getLimits().getAllowAutoConverge()).isTrue();
    }

    @Test
    void guestSamplesShowSeed003sShapes() {
        Map<String, List<GuestSample>> byVm = new HashMap<>();
        for (SimulatedRecord r : records) {
            if (r.value() instanceof GuestSample g) {
                assertThat(r.topicKind()).isEqualTo(TopicKind.GUEST);
                byVm.computeIfAbsent(g.getVm().toString(), k -> new ArrayList<>()).add(g);
            }
        }
        assertThat(byVm).hasSize(45);
        for (MigrationExpectation e : sim.expectations()) {
            List<GuestSample> samples = byVm.get(e.vm());
            double before = samples.stream().filter(g -> g.getSampleTimeUs() < e.startedUs())
                .mapToDouble(GuestSample::getMsPerGb).average().orElseThrow();
            assertThat(before).as(e.vm()).isCloseTo(400.0, within(15.0));
            double after = samples.stream().filter(g -> g.getSampleTimeUs() > e.endedUs() + 1_000_000)
                .mapToDouble(GuestSample::getMsPerGb).average().orElseThrow();
            assertThat(after).isCloseTo(400.0, within(15.0));
            // the GiB in flight during the pause takes the blackout longer
            double worst = samples.stream().mapToDouble(GuestSample::getMsPerGb).max().orElseThrow();
            assertThat(worst).isGreaterThan(e.blackoutMs());
        }
        // auto-converge: a hit that grows pass by pass and lasts; Xen throttles nothing, only its pauses show
        MigrationExpectation kvm = series(Platform.QEMU, "DPG").get(4);
        List<GuestSample> slow = byVm.get(kvm.vm()).stream().filter(g -> g.getMsPerGb() >= 1_000).toList();
        assertThat(slow).hasSizeGreaterThanOrEqualTo(10);
        assertThat(slow.get(slow.size() - 1).getSampleTimeUs() - slow.get(0).getSampleTimeUs())
            .isGreaterThan(20_000_000L);
        assertThat(byVm.get(kvm.vm()).stream().mapToDouble(GuestSample::getMsPerGb).max().orElseThrow())
            .isBetween(3_000.0, 7_000.0);
        MigrationExpectation xen = series(Platform.XEN, "DPG").get(4);
        assertThat(byVm.get(xen.vm()).stream().filter(g -> g.getSampleTimeUs() < xen.switchoverUs())
            .mapToDouble(GuestSample::getMsPerGb).max().orElseThrow()).isLessThan(1_100.0);
        MigrationExpectation idle = series(Platform.XEN, "DPG").get(0);
        assertThat(byVm.get(idle.vm()).stream().filter(g -> g.getSampleTimeUs() < idle.switchoverUs())
            .mapToDouble(GuestSample::getMsPerGb).max().orElseThrow()).isLessThan(1_100.0);
    }

    @Test
    void otherFleetsMakeNoGuestSamples() {
        FleetSimulator demo = new FleetSimulator(SimulationSpec.demo(1, START).toBuilder().vms(4).build());
        assertThat(SimulatorRuns.collect(demo)).noneMatch(r -> r.topicKind() == TopicKind.GUEST)
            // seed 001's model has no seed-002 load to name
            .allMatch(r -> !(r.value() instanceof MigrationEvent e) || e.getLoadProfile() == null);
    }

    private static String table() {
        StringBuilder out = new StringBuilder("seed-002 fleet: run time s / blackout ms\n");
        for (MigrationExpectation e : sim.expectations()) {
            out.append(String.format(Locale.ROOT, "%-8s %-3s %-12s run %6.1f s  blackout %7.0f ms  moved %6d MiB%n",
                e.profile().platform(), e.flavor(), e.profile().load().label(), e.runTimeMs() / 1000.0,
                e.blackoutMs(), e.transferredBytes() / MIB));
        }
        return out.toString();
    }
}
