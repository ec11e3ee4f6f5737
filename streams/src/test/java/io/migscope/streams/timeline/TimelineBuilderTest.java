package io.migscope.streams.timeline;

import static io.migscope.streams.timeline.Events.T0;
import static io.migscope.streams.timeline.Events.event;
import static io.migscope.streams.timeline.Events.qmp;
import static io.migscope.streams.timeline.Events.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PassPoint;
import io.migscope.avro.Phase;
import io.migscope.avro.Platform;
import io.migscope.avro.Reaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineBuilderTest {

    /** The real idle migration from FORMATS: src setup, dst active, src PASS 1, src active, src STOP, ... */
    static List<MigrationEvent> qemuIdle() {
        List<MigrationEvent> e = new ArrayList<>();
        e.add(qmp("q1", 0, "source", EventKind.STATUS, "setup", null));
        e.add(qmp("q2", 5, "destination", EventKind.STATUS, "active", null));
        e.add(qmp("q3", 12, "source", EventKind.PASS, null, 1));
        e.add(qmp("q4", 13, "source", EventKind.STATUS, "active", null));
        e.add(event("q4s", 900, Platform.QEMU, "qmp", EventKind.STATS).setRole("source").setHost("src")
                .setStatus("active").setStats(stats(50_000_000, 1_000_000, 100_000_000).setDirtySyncCount(1L)
                        .setCpuThrottlePercent(null).build()).build());
        e.add(qmp("q5", 1000, "source", EventKind.STOP, null, null));
        e.add(qmp("q6", 1001, "source", EventKind.PASS, null, 2));
        e.add(qmp("q7", 1150, "source", EventKind.STATUS, "completed", null));
        e.add(qmp("q8", 1160, "destination", EventKind.RESUME, null, null));
        e.add(qmp("q9", 1170, "destination", EventKind.STATUS, "completed", null));
        e.add(event("q10", 1171, Platform.QEMU, "qmp", EventKind.STATS).setRole("source").setHost("src")
                .setStatus("completed").setStats(stats(0, 0, 110_000_000).setDowntimeMs(160L)
                        .setRamTransferredBytes(123_456_789L).setRamTotalBytes(1L << 30).setDirtySyncCount(2L).build())
                .build());
        return Events.canonical(e);
    }

    private static MigrationTimeline build(List<MigrationEvent> events) {
        TimelineBuilder b = new TimelineBuilder("mig-1");
        Events.canonical(events).forEach(b::add);
        return b.build();
    }

    @Test
    void qemuSequenceFromFormats() {
        MigrationTimeline t = build(qemuIdle());

        assertThat(t.getPhases()).extracting(Phase::getName, Phase::getStartUs, Phase::getEndUs, Phase::getStartSource)
                .containsExactly(
                        tuple("precopy", T0, T0 + 1_000_000, "qemu/qmp"),
                        tuple("switchover", T0 + 1_000_000, T0 + 1_160_000, "qemu/qmp"),
                        tuple("resumed", T0 + 1_160_000, T0 + 1_170_000, "qemu/qmp"),
                        tuple("completed", T0 + 1_170_000, T0 + 1_170_000, "qemu/qmp"));
        assertThat(t.getOutcome()).isEqualTo("completed");
        assertThat(t.getFinal$()).isTrue();
        assertThat(t.getFlags()).isEmpty();
        assertThat(t.getPlatform()).isEqualTo(Platform.QEMU);
        assertThat(t.getMode()).isEqualTo("PreCopy");
        assertThat(t.getPasses()).extracting(PassPoint::getPass, PassPoint::getTimeUs, PassPoint::getRemainingBytes)
                .containsExactly(tuple(1, T0 + 12_000, 50_000_000L), tuple(2, T0 + 1_001_000, 0L));
        assertThat(t.getUpdatedUs()).isEqualTo(T0 + 1_171_000);
    }

    @Test
    void factsCarryReportedDowntimeAndBytes() {
        TimelineBuilder b = TimelineBuilder.fromEvents("mig-1", qemuIdle());
        TimelineFacts f = b.facts();

        assertThat(f.reportedDowntimeMs()).isEqualTo(160L);
        assertThat(f.reportedSource()).isEqualTo("qemu/qmp");
        assertThat(f.hypervisorBytes()).isEqualTo(123_456_789L);
        assertThat(f.migrationBytes()).isEqualTo(1L << 30);
    }

    @Test
    void notFinalUntilAnOutcome() {
        List<MigrationEvent> e = qemuIdle().subList(0, 6);
        MigrationTimeline t = build(e);

        assertThat(t.getFinal$()).isFalse();
        assertThat(t.getOutcome()).isNull();
        assertThat(t.getPhases()).extracting(Phase::getName).containsExactly("precopy", "switchover");
        assertThat(t.getPhases().get(1).getEndUs()).isNull();
    }

    static List<MigrationEvent> kubevirt() {
        List<MigrationEvent> e = new ArrayList<>();
        String[] phases = {"Pending", "Scheduling", "Scheduled", "PreparingTarget", "TargetReady", "Running"};
        long[] at = {0, 4_000, 4_500, 5_000, 7_000, 7_200};
        for (int i = 0; i < phases.length; i++) {
            e.add(event("k" + i, at[i], Platform.KUBEVIRT, "kubevirt", EventKind.PHASE).setStatus(phases[i])
                    .setMigrationId("uid-1").build());
        }
        e.add(event("kvmi", 20_000, Platform.KUBEVIRT, "kubevirt", EventKind.STATUS).setMode("PreCopy")
                .setStartedAtUs(T0 + 7_300_000).setTargetReadyAtUs(T0 + 19_500_000).build());
        e.add(event("k9", 20_100, Platform.KUBEVIRT, "kubevirt", EventKind.PHASE).setStatus("Succeeded")
                .setCompleted(true).setEndedAtUs(T0 + 20_000_000).build());
        return e;
    }

    @Test
    void kubevirtPhases() {
        MigrationTimeline t = build(kubevirt());

        assertThat(t.getPhases()).extracting(Phase::getName, Phase::getStartUs).containsExactly(
                tuple("requested", T0), tuple("queued", T0), tuple("scheduling", T0 + 4_000_000),
                tuple("precopy", T0 + 7_200_000), tuple("resumed", T0 + 19_500_000),
                tuple("completed", T0 + 20_000_000)); // migrationState.endTimestamp, the earliest terminal word
        assertThat(t.getPlatform()).isEqualTo(Platform.KUBEVIRT);
        assertThat(t.getMode()).isEqualTo("PreCopy");
        assertThat(t.getOutcome()).isEqualTo("completed");
    }

    @Test
    void kubevirtAbortIsAnAbortedOutcomeAndAReaction() {
        List<MigrationEvent> e = new ArrayList<>(kubevirt().subList(0, 6));
        e.add(event("ka", 60_000, Platform.KUBEVIRT, "kubevirt", EventKind.STATUS).setAbortRequested(true).build());
        e.add(event("kf", 61_000, Platform.KUBEVIRT, "kubevirt", EventKind.PHASE).setStatus("Failed")
                .setAbortRequested(true).setAbortStatus("Succeeded").build());
        MigrationTimeline t = build(e);

        assertThat(t.getOutcome()).isEqualTo("aborted");
        assertThat(t.getReactions()).extracting(Reaction::getAction, Reaction::getTimeUs)
                .containsExactly(tuple("abort", T0 + 60_000_000));
    }

    @Test
    void novaLogLines() {
        List<MigrationEvent> e = new ArrayList<>();
        e.add(event("n0", 0, Platform.NOVA, "nova-notification", EventKind.NOTIFICATION)
                .setStatus("instance.live_migration_pre.start").build());
        e.add(event("n1", 15_000, Platform.NOVA, "nova-log", EventKind.PROGRESS)
                .setDetail("Migration running for 10 secs, memory 40% remaining")
                .setStats(io.migscope.avro.MigrationStats.newBuilder().setTimeElapsedMs(10_000L)
                        .setRamRemainingBytes(400L).build()).build());
        e.add(event("n2", 30_000, Platform.NOVA, "nova-log", EventKind.DOWNTIME_STEP).setDetail("Increasing downtime to 50 ms after 30 sec elapsed time").build());
        e.add(event("n3", 40_000, Platform.NOVA, "nova-log", EventKind.POSTCOPY_SWITCH)
                .setDetail("Switching to post-copy migration mode").build());
        e.add(event("n4", 45_000, Platform.NOVA, "nova-log", EventKind.STATUS)
                .setDetail("Migration operation has completed").build());
        MigrationTimeline t = build(e);

        assertThat(t.getPhases()).extracting(Phase::getName, Phase::getStartUs, Phase::getStartSource).containsExactly(
                tuple("scheduling", T0, "nova/nova-notification"), tuple("precopy", T0 + 5_000_000, "nova/nova-log"),
                tuple("postcopy", T0 + 40_000_000, "nova/nova-log"), tuple("completed", T0 + 45_000_000, "nova/nova-log"));
        assertThat(t.getReactions()).extracting(Reaction::getAction).containsExactly(
                "downtime step: Increasing downtime to 50 ms after 30 sec elapsed time", "post-copy switch");
        assertThat(t.getMode()).isEqualTo("PostCopy");
    }

    @Test
    void precedenceQemuBeatsLibvirtForSwitchoverAndKubevirtOwnsTheOutcome() {
        List<MigrationEvent> e = new ArrayList<>(kubevirt());
        e.add(event("l1", 19_000, Platform.LIBVIRT, "virsh-event", EventKind.LIFECYCLE)
                .setDetail("Suspended Migrated").build());
        e.add(qmp("q1", 19_010, "source", EventKind.STOP, null, null));
        e.add(event("l2", 19_300, Platform.LIBVIRT, "virsh-event", EventKind.LIFECYCLE)
                .setDetail("Resumed Migrated").build());
        e.add(qmp("q2", 19_200, "destination", EventKind.RESUME, null, null));
        e.add(qmp("q3", 19_250, "source", EventKind.STATUS, "completed", null));
        MigrationTimeline t = build(e);

        Phase switchover = t.getPhases().stream().filter(p -> p.getName().equals("switchover")).findFirst().orElseThrow();
        assertThat(switchover.getStartUs()).isEqualTo(T0 + 19_010_000);
        assertThat(switchover.getStartSource()).isEqualTo("qemu/qmp");
        assertThat(switchover.getEndUs()).isEqualTo(T0 + 19_200_000);
        Phase resumed = t.getPhases().stream().filter(p -> p.getName().equals("resumed")).findFirst().orElseThrow();
        assertThat(resumed.getStartSource()).isEqualTo("qemu/qmp");
        assertThat(t.getPhases().get(t.getPhases().size() - 1))
                .extracting(Phase::getName, Phase::getStartUs, Phase::getStartSource)
                .containsExactly("completed", T0 + 20_000_000, "kubevirt/kubevirt");
    }

    @Test
    void contradictionsAreFlagged() {
        List<MigrationEvent> e = new ArrayList<>();
        e.add(qmp("c1", 0, "source", EventKind.STATUS, "completed", null));
        e.add(qmp("c2", 100, "source", EventKind.STATUS, "active", null));
        e.add(qmp("c3", 200, "source", EventKind.PASS, null, 3));
        e.add(qmp("c4", 300, "source", EventKind.PASS, null, 2));
        MigrationTimeline t = build(e);

        assertThat(t.getFlags()).anySatisfy(f -> assertThat(f).startsWith("completed at " + T0 + " (qemu/qmp) before precopy"));
        assertThat(t.getFlags()).anySatisfy(f -> assertThat(f).startsWith("pass went backwards from 3 to 2"));
        assertThat(t.getFlags()).anySatisfy(f -> assertThat(f).startsWith("precopy at " + (T0 + 100_000) + " after completed"));
        assertThat(t.getOutcome()).isEqualTo("completed");
    }

    @Test
    void conflictingOutcomeFollowsPrecedenceAndIsFlagged() {
        List<MigrationEvent> e = new ArrayList<>(kubevirt());
        e.add(event("l5", 19_000, Platform.LIBVIRT, "virsh-event", EventKind.LIFECYCLE)
                .setDetail("Suspended Post-copy Error").build());
        MigrationTimeline t = build(e);

        assertThat(t.getOutcome()).isEqualTo("completed");
        assertThat(t.getFlags()).containsExactly(
                "outcome conflict: kubevirt/kubevirt=completed but libvirt/virsh-event=failed");
    }

    @Test
    void duplicatesAndOrderDoNotMatter() {
        List<MigrationEvent> e = new ArrayList<>(qemuIdle());
        MigrationTimeline expected = build(e);
        e.addAll(qemuIdle());
        Collections.reverse(e);

        assertThat(build(e)).isEqualTo(expected);
    }

    @Test
    void stateRoundTripsThroughItsAvroRecord() {
        TimelineBuilder b = TimelineBuilder.fromEvents("mig-1", qemuIdle());
        TimelineBuilder copy = TimelineBuilder.fromState(b.toState("vm-1", b.facts(), 0));

        assertThat(copy.build()).isEqualTo(b.build());
        assertThat(copy.add(qemuIdle().get(3))).isFalse();
    }
}
