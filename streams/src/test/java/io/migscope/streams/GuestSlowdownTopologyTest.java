package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.GuestSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.Platform;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.streams.downtime.DowntimeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's fleet with the guests' own reports (GuestSamples, seed 003's shapes) through the streams core: each
 * migration's guest baseline and slowest GiB, judged against the samples the simulator made, and the load profile
 * each summary is compared by.
 */
@ExtendWith(MigscopeKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestSlowdownTopologyTest {
    private static final long START_US = 1_790_000_000_000_000L;
    private static final Set<String> TRANSFER = Set.of("precopy", "postcopy", "switchover");
    private final DowntimeSettings settings = DowntimeSettings.defaults();
    private FleetSimulator sim;
    private final Map<String, List<GuestSample>> samples = new HashMap<>();
    private Map<String, MigrationSummary> summaries;
    private Map<String, MigrationTimeline> timelines;
    private Map<String, DowntimeReport> downtime;
    private List<DeadLetter> deadLetters;

    @BeforeAll
    void runSeed002Fleet(KafkaStack stack, @TempDir Path state) {
        sim = new FleetSimulator(SimulationSpec.seed002(2, START_US));
        assertThat(sim.spec().guestSamples()).isTrue();
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            sim.run(r -> {
                if (r.value() instanceof GuestSample g) {
                    samples.computeIfAbsent(g.getVm(), vm -> new ArrayList<>()).add(g);
                }
                f.pipe(r);
            });
            f.endOfRun();
            summaries = f.latest(f.topics.summaries(), f.serdes.summaries());
            timelines = f.latest(f.topics.timelines(), f.serdes.timelines());
            downtime = f.latest(f.topics.downtime(), f.serdes.downtime());
            deadLetters = f.deadLetters();
        }
    }

    @Test
    void everyMigrationIsSummarisedWithNothingDeadLettered() {
        assertThat(summaries).hasSize(sim.expectations().size());
        assertThat(deadLetters).isEmpty();
        assertThat(samples).hasSize(sim.expectations().size());
    }

    /** Baseline: the median before the transfer started; slowdown: the slowest GiB from the first phase to the end. */
    @Test
    void guestFiguresAreThoseOfTheGuestsOwnSamplesAroundEachTransfer() {
        for (MigrationExpectation e : sim.expectations()) {
            MigrationSummary s = summaries.get(e.migrationId());
            MigrationTimeline timeline = timelines.get(e.migrationId());
            long transfer = transferStart(timeline);
            long first = timeline.getPhases().get(0).getStartUs();
            long until = e.endedUs() + settings.recoveryUs();
            List<Double> before = new ArrayList<>();
            double slowest = 0;
            for (GuestSample g : samples.get(e.vm())) {
                long t = g.getSampleTimeUs();
                if (t >= transfer - settings.baselineUs() && t < transfer) {
                    before.add(g.getMsPerGb());
                }
                if (t >= first && t < until) {
                    slowest = Math.max(slowest, g.getMsPerGb());
                }
            }
            before.sort(null);
            int n = before.size();
            assertThat(n).as(e.migrationId()).isGreaterThan(5);
            double median = n % 2 == 1 ? before.get(n / 2) : (before.get(n / 2 - 1) + before.get(n / 2)) / 2;
            assertThat(s.getGuestBaselineMsPerGb()).as(e.migrationId()).isEqualTo(median);
            assertThat(s.getGuestSlowdownMaxMsPerGb()).as(e.migrationId()).isEqualTo(slowest);
            DowntimeReport d = downtime.get(e.migrationId());
            assertThat(d.getFinal$()).isTrue();
            assertThat(d.getGuestBaselineMsPerGb()).isEqualTo(s.getGuestBaselineMsPerGb());
            assertThat(d.getGuestSlowdownMaxMsPerGb()).isEqualTo(s.getGuestSlowdownMaxMsPerGb());
        }
    }

    /** Seed 003: about 400 ms per GiB at rest, and the GiB written across the pause takes at least the pause. */
    @Test
    void theGuestFeelsItsBlackoutAndAutoConvergesThrottle() {
        for (MigrationExpectation e : sim.expectations()) {
            MigrationSummary s = summaries.get(e.migrationId());
            assertThat(s.getGuestBaselineMsPerGb()).as(e.migrationId()).isCloseTo(400.0, within(15.0));
            double pauseMs = (e.resumedUs() - e.switchoverUs()) / 1000.0;
            assertThat(s.getGuestSlowdownMaxMsPerGb()).as(e.migrationId()).isGreaterThan(pauseMs);
        }
        // KVM's largest dirty-page load runs under auto-converge's throttle (up to 90 %): seed 003's long slow GiBs,
        // where an idle guest only feels the pass starts and its short pause
        MigrationSummary kvmDpg = kvm("DPG 512 MiB");
        assertThat(kvmDpg.getGuestSlowdownMaxMsPerGb()).isGreaterThan(5 * kvmDpg.getGuestBaselineMsPerGb());
        MigrationSummary kvmIdle = kvm("idle");
        assertThat(kvmIdle.getGuestSlowdownMaxMsPerGb()).isLessThan(3 * kvmIdle.getGuestBaselineMsPerGb());
    }

    @Test
    void summariesCarryTheLoadProfileTheirEventsWereLabelledWith() {
        for (MigrationExpectation e : sim.expectations()) {
            assertThat(summaries.get(e.migrationId()).getLoadProfile()).as(e.migrationId())
                    .isEqualTo(e.profile().load().label());
        }
    }

    @Test
    void anAbsurdGuestSampleGoesToTheDeadLetterTopic(@TempDir Path state, KafkaStack stack) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            f.signal("vm-g", guest("vm-g", START_US, 400.0), START_US);
            f.signal("vm-g", guest("vm-g", START_US + 400_000, -3.0), START_US + 400_000);
            f.signal("vm-g", guest("vm-g", START_US + 800_000, Double.NaN), START_US + 800_000);
            assertThat(f.deadLetters()).extracting(DeadLetter::getReason).satisfiesExactly(
                    r -> assertThat(r).contains("implausible VmSignal").contains("ms_per_gb -3.0"),
                    r -> assertThat(r).contains("implausible VmSignal").contains("ms_per_gb NaN"));
        }
    }

    /** KVM's migration of a 4 GiB guest (flavour m) under {@code load}. */
    private MigrationSummary kvm(String load) {
        return summaries.values().stream().filter(s -> s.getPlatform() == Platform.QEMU && "m".equals(s.getFlavor())
                && load.equals(s.getLoadProfile())).findFirst().orElseThrow();
    }

    private static GuestSample guest(String vm, long timeUs, double ms) {
        return GuestSample.newBuilder().setVm(vm).setSampleTimeUs(timeUs).setMsPerGb(ms).setSource("test").build();
    }

    private static long transferStart(MigrationTimeline t) {
        return t.getPhases().stream().filter(p -> TRANSFER.contains(p.getName())).mapToLong(Phase::getStartUs).min()
                .orElseThrow();
    }
}
