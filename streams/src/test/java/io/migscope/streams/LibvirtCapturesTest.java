package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.Alert;
import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real libvirt lab captures (producers' samples/libvirt-lab, see its README) through the real parsers and the
 * streams core v2, as a user replays a folder: both hosts' {@code virsh event} output, with or without the source's
 * {@code virsh domjobinfo} poll loop, merged in time order, then the end of the run. What each case must give comes
 * from how it was recorded (the README and each case's commands.txt), not from migscope's output.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class LibvirtCapturesTest {

    @Test
    void aCompletedMigrationHasItsOutcomePassesAndReportedDowntime(KafkaStack stack, @TempDir Path state) {
        for (String polls : Arrays.asList(LabReplay.PRETTY, LabReplay.EVENTS_ONLY)) {
            LabReplay.Result r = LabReplay.run(stack, state.resolve(String.valueOf(polls)), "completed", polls);
            MigrationSummary s = r.onlySummary();
            assertThat(s.getOutcome()).as(polls).isEqualTo("completed");
            // iterations 1-4 on the source; job-completed's downtime: 44 ms
            assertThat(s.getPasses()).as(polls).isEqualTo(4);
            assertThat(s.getReportedDowntimeMs()).as(polls).isEqualTo(44L);
            assertThat(r.deadLetters()).as(polls).isEmpty();
        }
    }

    /** A killed destination and a cut network: failures, whether or not the source's job was polled. */
    @Test
    void aKilledDestinationAndACutNetworkEndFailed(KafkaStack stack, @TempDir Path state) {
        for (String c : List.of("failed-dest-killed", "failed-net-cut")) {
            for (String polls : Arrays.asList(LabReplay.PRETTY, LabReplay.EVENTS_ONLY)) {
                LabReplay.Result r = LabReplay.run(stack, state.resolve(c + polls), c, polls);
                MigrationSummary s = r.onlySummary();
                assertThat(s.getOutcome()).as(c + " " + polls).isEqualTo("failed");
                assertThat(s.getPasses()).as(c + " " + polls).isEqualTo(1);
                assertThat(r.deadLetters()).as(c + " " + polls).isEmpty();
            }
        }
    }

    /**
     * libvirt sends no job-completed for a job that did not succeed, and no host's events tell an abort from a
     * failure: without the source's job statistics an aborted migration is reported failed, with the passes seen.
     */
    @Test
    void anAbortSeenOnlyInEventsEndsFailedWithItsPasses(KafkaStack stack, @TempDir Path state) {
        for (String c : List.of("aborted", "aborted-after-suspend", "autoconverge-cancelled")) {
            LabReplay.Result r = LabReplay.run(stack, state.resolve(c), c, LabReplay.EVENTS_ONLY);
            MigrationSummary s = r.onlySummary();
            assertThat(s.getOutcome()).as(c).isEqualTo("failed");
            assertThat(s.getPasses()).as(c).isEqualTo(c.equals("autoconverge-cancelled") ? 3 : 1);
            assertThat(r.deadLetters()).as(c).isEmpty();
        }
    }

    /**
     * Remaining memory stayed about 25 MiB for a minute with the dirty rate near the 2 MiB/s bandwidth: the
     * convergence model must say so before domjobabort ends it.
     */
    @Test
    void aNonConvergingMigrationAlertsBeforeItIsCancelled(KafkaStack stack, @TempDir Path state) {
        LabReplay.Result r = LabReplay.run(stack, state, "autoconverge-cancelled", LabReplay.PRETTY);
        MigrationSummary s = r.onlySummary();
        assertThat(s.getPasses()).isEqualTo(3);
        List<Alert> fired = r.alerts().stream().filter(a -> a.getKind() == AlertKind.NON_CONVERGING
                && a.getState() == AlertState.FIRING).toList();
        assertThat(fired).isNotEmpty();
        assertThat(fired.get(0).getFiredAtUs()).isLessThan(s.getCompletedAtUs());
        assertThat(s.getAlerts()).contains("NON_CONVERGING");
        assertThat(r.deadLetters()).isEmpty();
    }

    @Test
    void aStalledMigrationThatCompletedAfterTheDowntimeWasRaisedEndsCompleted(KafkaStack stack,
                                                                               @TempDir Path state) {
        LabReplay.Result r = LabReplay.run(stack, state, "stalled-then-downtime-raised", LabReplay.PRETTY);
        MigrationSummary s = r.onlySummary();
        assertThat(s.getOutcome()).isEqualTo("completed");
        assertThat(s.getPasses()).isEqualTo(162);
        assertThat(r.deadLetters()).isEmpty();
    }

    /** QEMU's migration machinery moves the memory of these jobs too; none of them is a migration. */
    @Test
    void savesSnapshotsDumpsAndBackupsAreNoMigrations(KafkaStack stack, @TempDir Path state) {
        for (String c : List.of("save-restore", "snapshot", "dump", "backup")) {
            for (String polls : Arrays.asList(LabReplay.PRETTY, LabReplay.EVENTS_ONLY)) {
                LabReplay.Result r = LabReplay.run(stack, state.resolve(c + polls), c, polls);
                assertThat(r.eventCount()).as(c + ": the parsers read its events").isPositive();
                assertThat(r.timelines()).as(c + " " + polls).isEmpty();
                assertThat(r.summaries()).as(c + " " + polls).isEmpty();
                assertThat(r.alerts()).as(c + " " + polls).isEmpty();
                assertThat(r.deadLetters()).as(c + " " + polls).isEmpty();
            }
        }
    }

    /**
     * The source's domjobinfo turns Cancelled after domjobabort (Failed after a failure), one or two polls before
     * the destination's Stopped Failed (and, after a switchover suspend, the source's Resumed Migrated): with those
     * polls an abort is told from a failure. Fails until the streams core lets an ABORTED or CANCELLED outcome of a
     * platform win over a later FAILED of the same platform: today the latest terminal signal wins, and an abort
     * always makes the other side fail after it.
     */
    @Test
    void anAbortTheSourcesJobStatisticsSayEndsAborted(KafkaStack stack, @TempDir Path state) {
        SoftAssertions softly = new SoftAssertions();
        for (String c : List.of("aborted", "aborted-after-suspend", "autoconverge-cancelled")) {
            for (String polls : List.of(LabReplay.PRETTY, LabReplay.RAW)) {
                LabReplay.Result r = LabReplay.run(stack, state.resolve(c + polls), c, polls);
                softly.assertThat(r.onlySummary().getOutcome()).as(c + " " + polls).isIn("aborted", "cancelled");
            }
        }
        softly.assertAll();
    }
}
