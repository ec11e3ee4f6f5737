package io.migscope.streams;

import static io.migscope.streams.VmSignals.S;
import static io.migscope.streams.VmSignals.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.VmSignal;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.streams.convergence.AlertSettings;
import io.migscope.streams.summary.SummaryBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * assign-migrations in the v2 topology, one exact situation each: lateness against the task's event time, when a
 * migration is due (its VM's input, the task's time, a capture end), the next migration cutting a recovery window,
 * events after a summary, jobs that are not migrations, and time-driven alerts that only input event time moves.
 * Grace and recovery window are the defaults, 30 s each.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class MigrationAssignerTopologyTest {
    private static final long GRACE = 30 * S;
    private static final long RECOVERY = 30 * S;
    private SignalsFixture f;
    private TestOutputTopic<String, MigrationSummary> summaries;
    private TestOutputTopic<String, MigrationTimeline> timelines;
    private TestOutputTopic<String, DowntimeReport> downtime;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start(KafkaStack stack, @TempDir Path state) {
        f = new SignalsFixture(stack, state, Map.of());
        summaries = output(f.topics.summaries(), f.serdes.summaries());
        timelines = output(f.topics.timelines(), f.serdes.timelines());
        downtime = output(f.topics.downtime(), f.serdes.downtime());
        alerts = output(f.topics.alerts(), f.serdes.alerts());
        deadLetters = output(f.topics.deadLetters(), f.serdes.deadLetters());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private <V> TestOutputTopic<String, V> output(String topic, Serde<V> serde) {
        return f.driver.createOutputTopic(topic, Serdes.String().deserializer(), serde.deserializer());
    }

    private void send(String vm, SpecificRecord signal) {
        f.signal(vm, signal, io.migscope.streams.assign.MigrationAssigner.timeUs(signal));
    }

    /** One-second batches of {@code vm} from {@code fromUs} up to {@code toUs}. */
    private void probes(String vm, long fromUs, long toUs, Set<Long> dark) {
        for (long t = fromUs; t < toUs; t += S) {
            send(vm, VmSignals.second(vm, t, dark));
        }
    }

    private void probes(String vm, long fromUs, long toUs) {
        probes(vm, fromUs, toUs, Set.of());
    }

    private static List<String> ids(List<MigrationSummary> written) {
        return written.stream().map(MigrationSummary::getMigrationId).toList();
    }

    @Test
    void aRecordLaterThanTheGracePeriodIsDeadLetteredWithItsRawBytes() {
        probes("vm-b", T, T + 100 * S);
        MigrationEvent late = VmSignals.started("vm-a", "m-a", T + 60 * S);
        send("vm-a", late);

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.getStage()).isEqualTo("late");
            assertThat(d.getReason()).contains("grace");
            assertThat(d.getOrigin()).isEqualTo(f.topics.signals());
            ByteBuffer raw = d.getRaw();
            byte[] bytes = new byte[raw.remaining()];
            raw.get(bytes);
            VmSignal back = f.serdes.signals().deserializer().deserialize(f.topics.signals(), bytes);
            assertThat(back.getSignal()).isEqualTo(late);
        });
        assertThat(timelines.readValuesToList()).isEmpty();
        assertThat(f.metric("late-records-total")).isEqualTo(1.0);

        // exactly the grace period behind is still in time
        send("vm-a", VmSignals.started("vm-a", "m-a", T + 99 * S + 900_000 - GRACE));
        assertThat(deadLetters.readValuesToList()).isEmpty();
        assertThat(timelines.readValuesToList()).hasSize(1);
    }

    @Test
    void aCaptureEndIsNeverLate() {
        send("vm-a", VmSignals.started("vm-a", "m-a", T));
        probes("vm-b", T, T + 200 * S);
        assertThat(summaries.readValuesToList()).as("a migration no source ended is never due by time").isEmpty();

        send("vm-a", VmSignals.end("vm-a", T + S, CaptureScope.ALL));

        assertThat(deadLetters.readValuesToList()).isEmpty();
        assertThat(summaries.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.getMigrationId()).isEqualTo("m-a"));
    }

    @Test
    void aMigrationIsDueOnceItsVmsOwnInputPassesItsEndPlusTheRecoveryWindow() {
        // batches from half a second to half a second, each event sent before the batch holding its time
        probes("vm-a", T - 9 * S - S / 2, T - S);
        send("vm-a", VmSignals.started("vm-a", "m-a", T));
        probes("vm-a", T - S / 2, T + 9 * S);
        send("vm-a", VmSignals.completed("vm-a", "m-a", T + 10 * S));
        probes("vm-a", T + 9 * S + S / 2, T + 39 * S);
        assertThat(summaries.readValuesToList()).as("the last batch so far ends at 39.4 s").isEmpty();

        // the batch from 39.5 s to 40.4 s is the first to reach end + recovery (40 s)
        send("vm-a", VmSignals.second("vm-a", T + 39 * S + S / 2, Set.of()));

        assertThat(summaries.readValuesToList()).singleElement().satisfies(s -> {
            assertThat(s.getMigrationId()).isEqualTo("m-a");
            assertThat(s.getBlackoutCount()).isZero();
        });
        DowntimeReport fin = downtime.readValuesToList().stream().filter(DowntimeReport::getFinal$).findFirst()
                .orElseThrow();
        // probes sent in [0 s, 40 s): the straddling batch's first five count, its last five do not
        assertThat(fin.getProbes()).isEqualTo(400);
    }

    @Test
    void aQuietVmsMigrationIsDueOnceTheTasksTimePassesItsEndPlusRecoveryAndGrace() {
        send("vm-a", VmSignals.started("vm-a", "m-a", T));
        send("vm-a", VmSignals.completed("vm-a", "m-a", T + 10 * S));
        long due = T + 10 * S + RECOVERY + GRACE;
        probes("vm-b", T, due - S);
        // the batch [69 s, 70 s) ends at 69.9 s
        send("vm-b", VmSignals.second("vm-b", due - S, Set.of()));
        assertThat(summaries.readValuesToList()).isEmpty();

        send("vm-b", VmSignals.second("vm-b", due, Set.of()));

        assertThat(ids(summaries.readValuesToList())).containsExactly("m-a");
    }

    @Test
    void aCaptureEndOfAllClosesEveryMigrationAndOfProbesOnlyTheEndedOnes() {
        send("vm-a", VmSignals.started("vm-a", "m-a", T));
        send("vm-a", VmSignals.completed("vm-a", "m-a", T + 10 * S));
        send("vm-c", VmSignals.started("vm-c", "m-c", T + S));
        probes("vm-b", T, T + 12 * S);

        send("vm-a", VmSignals.end("vm-a", T + 12 * S, CaptureScope.PROBES));
        send("vm-c", VmSignals.end("vm-c", T + 12 * S, CaptureScope.PROBES));
        assertThat(ids(summaries.readValuesToList())).containsExactly("m-a");

        send("vm-c", VmSignals.end("vm-c", T + 12 * S, CaptureScope.ALL));
        assertThat(summaries.readValuesToList()).singleElement().satisfies(s -> {
            assertThat(s.getMigrationId()).isEqualTo("m-c");
            assertThat(s.getOutcome()).isEqualTo(SummaryBuilder.UNKNOWN);
            assertThat(s.getCompletedAtUs()).isNull();
            assertThat(s.getFlags()).anySatisfy(flag -> assertThat(flag).contains("no source said how"));
        });
        assertThat(deadLetters.readValuesToList()).isEmpty();
    }

    @Test
    void theVmsNextMigrationCutsThePreviousOnesRecoveryWindow() {
        probes("vm-a", T - 10 * S, T);
        send("vm-a", VmSignals.started("vm-a", "m-1", T));
        probes("vm-a", T, T + 10 * S);
        send("vm-a", VmSignals.completed("vm-a", "m-1", T + 10 * S));
        probes("vm-a", T + 10 * S, T + 20 * S);
        assertThat(summaries.readValuesToList()).isEmpty();
        timelines.readValuesToList();

        send("vm-a", VmSignals.started("vm-a", "m-2", T + 20 * S));

        // m-1 is summarised first, before m-2's own first timeline
        List<MigrationSummary> first = summaries.readValuesToList();
        assertThat(ids(first)).containsExactly("m-1");
        assertThat(first.get(0).getBlackoutCount()).isZero();
        assertThat(timelines.readValuesToList()).extracting(MigrationTimeline::getMigrationId).containsExactly("m-2");
        // m-2's blackout (25.0 to 25.4 s) is m-2's alone
        probes("vm-a", T + 20 * S, T + 30 * S, Set.of(1250L, 1251L, 1252L, 1253L, 1254L));
        send("vm-a", VmSignals.completed("vm-a", "m-2", T + 30 * S));
        send("vm-a", VmSignals.end("vm-a", T + 30 * S, CaptureScope.ALL));
        Map<String, MigrationSummary> last = new java.util.HashMap<>();
        summaries.readValuesToList().forEach(s -> last.put(s.getMigrationId(), s));
        assertThat(last.get("m-2").getBlackoutCount()).isEqualTo(1);
        assertThat(deadLetters.readValuesToList()).isEmpty();
    }

    @Test
    void anEventForASummarisedMigrationIsDeadLetteredAsLate() {
        send("vm-a", VmSignals.started("vm-a", "m-a", T));
        send("vm-a", VmSignals.completed("vm-a", "m-a", T + 10 * S));
        send("vm-a", VmSignals.end("vm-a", T + 10 * S, CaptureScope.PROBES));
        assertThat(ids(summaries.readValuesToList())).containsExactly("m-a");
        timelines.readValuesToList();

        // the platform's id says it is m-a's; within the grace period of the task's time
        send("vm-a", VmSignals.event("vm-a", "m-a", "late-stats", T + 11 * S, io.migscope.avro.MigrationPhase.COMPLETED)
                .build());

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getStage()).isEqualTo("late");
            assertThat(d.getReason()).contains("m-a").contains("already summarised");
        });
        assertThat(summaries.readValuesToList()).isEmpty();
        assertThat(timelines.readValuesToList()).isEmpty();
    }

    @Test
    void anEventWithoutAnIdInsideASummarisedMigrationsSpanIsLateToo() {
        MigrationEvent start = VmSignals.started("vm-a", null, T);
        send("vm-a", start);
        send("vm-a", VmSignals.completed("vm-a", null, T + 10 * S));
        send("vm-a", VmSignals.end("vm-a", T + 10 * S, CaptureScope.PROBES));
        List<MigrationSummary> written = summaries.readValuesToList();
        assertThat(written).hasSize(1);

        send("vm-a", VmSignals.event("vm-a", null, "late-stats", T + 12 * S).build());

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> assertThat(d.getReason())
                .contains(written.get(0).getMigrationId()).contains("already summarised"));
    }

    @Test
    void jobsThatAreNotMigrationsMakeNoMigrationAndAreCountedByOperation() {
        send("vm-a", VmSignals.job("vm-a", JobOperation.SAVE, T));
        send("vm-a", VmSignals.job("vm-a", JobOperation.SNAPSHOT, T + S));
        send("vm-a", VmSignals.job("vm-a", JobOperation.DUMP, T + 2 * S));
        send("vm-a", VmSignals.job("vm-a", JobOperation.DUMP, T + 3 * S));
        send("vm-a", VmSignals.job("vm-a", JobOperation.MIGRATION_OUT, T + 4 * S));
        send("vm-a", VmSignals.end("vm-a", T + 5 * S, CaptureScope.ALL));

        assertThat(f.metric("jobs-save-total")).isEqualTo(1.0);
        assertThat(f.metric("jobs-snapshot-total")).isEqualTo(1.0);
        assertThat(f.metric("jobs-dump-total")).isEqualTo(2.0);
        assertThat(f.metric("jobs-migration-out-total")).isZero();
        assertThat(timelines.readValuesToList()).singleElement()
                .satisfies(t -> assertThat(t.getPhases()).extracting(p -> p.getStartUs()).contains(T + 4 * S));
        assertThat(summaries.readValuesToList()).hasSize(1);
        assertThat(deadLetters.readValuesToList()).isEmpty();
    }

    @Test
    void stuckAndDeadlineAlertsFollowInputEventTimeNotTheWallClock() {
        long lag = AlertSettings.defaults().timeLagUs();
        // 1 GiB at 10 s per GiB: the platform's deadline is 10 s after the start
        send("vm-a", VmSignals.pass("vm-a", "m-a", T, VmSignals.GIB / 2, 10));
        probes("vm-b", T, T + 5 * S);
        f.driver.advanceWallClockTime(Duration.ofHours(2));
        probes("vm-b", T + 5 * S, T + 6 * S);
        assertThat(alerts.readValuesToList()).as("two hours of wall clock, six seconds of event time").isEmpty();

        probes("vm-b", T + 6 * S, T + 11 * S + lag);
        assertThat(alerts.readValuesToList()).as("judged alerts.time.lag behind the task's time").isEmpty();
        probes("vm-b", T + 11 * S + lag, T + 12 * S + lag);
        List<Alert> deadline = alerts.readValuesToList();
        assertThat(deadline).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.DEADLINE_PASSED);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getFiredAtUs()).isEqualTo(T + 11 * S);
        });

        probes("vm-b", T + 12 * S + lag, T + 60 * S + lag);
        assertThat(alerts.readValuesToList()).isEmpty();
        probes("vm-b", T + 60 * S + lag, T + 63 * S + lag);
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.STUCK);
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getFiredAtUs()).isEqualTo(T + 61 * S);
        });
    }

    /**
     * QMP and libvirt events carry no migration id. A VM migrated back 10 s after its first migration completed
     * (inside the first one's recovery window) is migrated twice: two migrations, two summaries, each with its own
     * hosts and outcome, the first written when the second starts.
     */
    @Test
    void withoutPlatformIdsAMigrationStartingInThePreviousOnesRecoveryWindowIsANewOne() {
        send("vm-a", VmSignals.started("vm-a", null, T));
        send("vm-a", VmSignals.completed("vm-a", null, T + 10 * S));
        send("vm-a", VmSignals.event("vm-a", null, "back-start", T + 20 * S, io.migscope.avro.MigrationPhase.PRECOPY)
                .setHost("node-2").setSourceHost("node-2").setTargetHost("node-1").build());
        List<MigrationSummary> first = summaries.readValuesToList();
        send("vm-a", VmSignals.event("vm-a", null, "back-done", T + 30 * S, io.migscope.avro.MigrationPhase.COMPLETED)
                .setHost("node-2").setSourceHost("node-2").setTargetHost("node-1").build());
        send("vm-a", VmSignals.end("vm-a", T + 30 * S, CaptureScope.ALL));
        List<MigrationSummary> all = new java.util.ArrayList<>(first);
        all.addAll(summaries.readValuesToList());

        assertThat(first).as("the first migration is due when the next one starts").hasSize(1);
        assertThat(all).extracting(MigrationSummary::getSourceHost).containsExactly("node-1", "node-2");
        assertThat(all).extracting(MigrationSummary::getCompletedAtUs).containsExactly(T + 10 * S, T + 30 * S);
    }
}
