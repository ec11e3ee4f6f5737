package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.EventKind;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated numbers, read back from the records, against seed 001's measurements at 1 Gb/s. */
class SeedCalibrationTest {
    private static final double MB = 1e6;
    private static final long MIB = 1L << 20;

    /** Seed 001 table 2: migration time [s], downtime [s], transferred [MB] of unloaded VMs. */
    private static final Map<Flavor, double[]> TABLE_2 = Map.of(
        Flavor.S, new double[] {5.4, 0.2, 385},
        Flavor.M, new double[] {7.0, 0.2, 435},
        Flavor.L, new double[] {8.7, 0.2, 530},
        Flavor.XL, new double[] {11.3, 0.3, 681});

    @Test
    void unloadedFlavoursMigrateLikeSeed001Table2() {
        List<VmProfile> profiles = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            for (Flavor f : Flavor.values()) {
                profiles.add(VmProfile.idle(f));
            }
        }
        Measured measured = measure(profiles);
        for (Flavor f : Flavor.values()) {
            double[] want = TABLE_2.get(f);
            double[] got = measured.mean(f.label());
            assertThat(got[0]).as("migration time of %s [s]", f).isCloseTo(want[0], within(want[0] * 0.15));
            assertThat(got[1]).as("downtime of %s [s]", f).isCloseTo(want[1], within(want[1] * 0.15));
            assertThat(got[2]).as("transferred of %s [MB]", f).isCloseTo(want[2], within(want[2] * 0.15));
        }
    }

    @Test
    void stressedHybridMigrationsMoveTwiceTheStressedMemoryLikeSeed001Tables3And4() {
        // stressed MiB -> {migration time [s], transferred [MB]}
        Map<Long, double[]> tables = Map.of(
            256L, new double[] {16.4, 1202},
            1024L, new double[] {30.0, 2649},
            2048L, new double[] {48.7, 4713},
            4096L, new double[] {86.1, 8760},
            8192L, new double[] {157.2, 16125});
        List<VmProfile> profiles = new ArrayList<>();
        List<Long> order = List.of(256L, 1024L, 2048L, 4096L, 8192L);
        for (long mib : order) {
            profiles.add(VmProfile.stressedPostCopy(Flavor.XL, mib * MIB));
        }
        SimulationSpec spec = SimulationSpec.builder().seed(3).vms(profiles.size()).profiles(profiles)
            .nodesPerCluster(12).parallelismPerCluster(10).baselineUs(1_000_000).recoveryUs(1_000_000).build();
        List<SimulatedRecord> records = SimulatorRuns.collect(new FleetSimulator(spec));
        Map<String, List<MigrationEvent>> byMig = SimulatorRuns.eventsByMigration(records);
        int i = 0;
        for (List<MigrationEvent> events : byMig.values()) {
            double[] want = tables.get(order.get(i++));
            MigrationEvent done = SimulatorRuns.finalStatus(events);
            MigrationEvent setup = SimulatorRuns.first(events, EventKind.STATUS, "setup");
            double seconds = (done.getEventTimeUs() - setup.getEventTimeUs()) / 1e6;
            double mb = done.getStats().getRamTransferredBytes() / MB;
            assertThat(done.getStatus()).isEqualTo("completed");
            assertThat(events).anyMatch(e -> e.getKind() == EventKind.POSTCOPY_SWITCH);
            assertThat(seconds).as("migration time at %s", order.get(i - 1)).isCloseTo(want[0], within(want[0] * 0.15));
            assertThat(mb).as("transferred at %s", order.get(i - 1)).isCloseTo(want[1], within(want[1] * 0.15));
            assertThat(done.getStats().getDowntimeMs()).as("switch to post-copy pause").isLessThan(300);
        }
    }

    private static Measured measure(List<VmProfile> profiles) {
        SimulationSpec spec = SimulationSpec.builder().seed(11).vms(profiles.size()).profiles(profiles)
            .nodesPerCluster(48).parallelismPerCluster(48).baselineUs(1_000_000).recoveryUs(1_000_000).build();
        List<SimulatedRecord> records = SimulatorRuns.collect(new FleetSimulator(spec));
        Map<String, Long> linkBytes = new HashMap<>();
        for (SimulatedRecord r : records) {
            if (r.value() instanceof LinkSample l) {
                linkBytes.merge(l.getMigrationId(), l.getBytesSent(), Long::sum);
            }
        }
        Measured measured = new Measured();
        for (List<MigrationEvent> events : SimulatorRuns.eventsByMigration(records).values()) {
            MigrationEvent done = SimulatorRuns.finalStatus(events);
            MigrationEvent setup = SimulatorRuns.first(events, EventKind.STATUS, "setup");
            long transferred = done.getStats().getRamTransferredBytes();
            assertThat(linkBytes.get(done.getMigrationId())).as("link bytes of %s", done.getMigrationId())
                .isEqualTo(transferred);
            measured.add(done.getFlavor(), (done.getEventTimeUs() - setup.getEventTimeUs()) / 1e6,
                done.getStats().getDowntimeMs() / 1e3, transferred / MB);
        }
        return measured;
    }

    private static final class Measured {
        private final Map<String, double[]> sums = new HashMap<>();

        void add(String flavor, double seconds, double downtime, double mb) {
            double[] s = sums.computeIfAbsent(flavor, k -> new double[4]);
            s[0] += seconds;
            s[1] += downtime;
            s[2] += mb;
            s[3]++;
        }

        double[] mean(String flavor) {
            double[] s = sums.get(flavor);
            return new double[] {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
        }
    }
}
