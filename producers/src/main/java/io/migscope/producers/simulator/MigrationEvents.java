package io.migscope.producers.simulator;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.signals.CanonicalSignals;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU-like lifecycle of one migration as MigrationEvents, following the sequence observed on a real idle
 * migration: src setup, dst active, src PASS 1, src active, ..., src STOP, src PASS n, dst RESUME, completed.
 * Platform SIMULATOR for the seed-001 model, QEMU for seed 002's KVM; XEN and VSPHERE migrations report the way
 * their own tools do ({@link XenLifecycle}, {@link VsphereLifecycle}).
 */
final class MigrationEvents {
    static final String SOURCE_FORMAT = "simulator";
    static final String SOURCE = "source";
    static final String DESTINATION = "destination";
    /** The destination reports active just before the source starts pass 1. */
    static final long DST_READY_LEAD_US = 20_000;
    static final long PAGE_SIZE = 4096;

    private final Migration m;
    private final SimulationSpec spec;
    private final Trajectory tr;
    private final MigrationLimits limits;
    private final List<SimulatedRecord> out = new ArrayList<>();

    private MigrationEvents(Migration m, SimulationSpec spec) {
        this.m = m;
        this.spec = spec;
        this.tr = m.trajectory;
        this.limits = limits(m, spec);
    }

    /** The REQUESTED event, made when the wave is submitted (before the migration is scheduled). */
    static SimulatedRecord requested(Migration m, SimulationSpec spec) {
        MigrationEvent ev;
        if (ownMarks(m)) {
            ev = base(m, spec, 0, m.requestedUs, EventKind.REQUESTED, null, null, null);
            ev.setPhases(List.of(new PhaseMark(MigrationPhase.REQUESTED, m.requestedUs, false)));
        } else {
            ev = new MigrationEvents(m, spec).event(0, m.requestedUs, EventKind.REQUESTED, null, null, null);
            CanonicalSignals.apply(ev);
        }
        ev.setDetail("requested in " + spec.wave());
        return new SimulatedRecord(TopicKind.EVENT, m.vm, m.requestedUs, ev);
    }

    /** Every event after the request, in time order. */
    static List<SimulatedRecord> lifecycle(Migration m, SimulationSpec spec) {
        return switch (m.profile.platform()) {
            case XEN -> XenLifecycle.events(m, spec);
            case VSPHERE -> VsphereLifecycle.events(m, spec);
            default -> new MigrationEvents(m, spec).build();
        };
    }

    /** XEN and VSPHERE events carry the marks their own adapters would set; QEMU-shaped ones go through QEMU's. */
    private static boolean ownMarks(Migration m) {
        return m.profile.platform() == Platform.XEN || m.profile.platform() == Platform.VSPHERE;
    }

    /** The identity every simulated event of a migration shares; marks, mode and limits are the caller's. */
    static MigrationEvent base(Migration m, SimulationSpec spec, int n, long at, EventKind kind, String host,
                               String role, String status) {
        return MigrationEvent.newBuilder()
            .setEventId(m.migrationId + "#" + n)
            .setEventTimeUs(at)
            .setPlatform(m.profile.platform())
            .setSourceFormat(SOURCE_FORMAT)
            .setKind(kind)
            .setVm(m.vm)
            .setCluster(m.cluster)
            .setMigrationId(m.migrationId)
            .setHost(host)
            .setRole(role)
            .setSourceHost(m.sourceHost)
            .setTargetHost(m.targetHost)
            .setStatus(status)
            .setWave(spec.wave())
            .setFlavor(m.profile.flavor().label())
            .setVmMemoryBytes(m.profile.flavor().ramBytes())
            // seed 002's comparison is per platform and load; seed 001's model has no such label
            .setLoadProfile(m.profile.platform() == Platform.SIMULATOR ? null
                : m.profile.load().label())
            .build();
    }

    private List<SimulatedRecord> build() {
        long active = m.abs(tr.activeUs);
        add(m.startUs, EventKind.STATUS, m.sourceHost, SOURCE, "setup");
        add(Math.max(m.startUs + 1, active - DST_READY_LEAD_US), EventKind.STATUS, m.targetHost, DESTINATION, "active");
        int precopyPasses = tr.outcome == Trajectory.Outcome.COMPLETED && tr.postcopySwitchUs < 0
            ? tr.passes() - 1 : tr.passes();
        for (int i = 0; i < precopyPasses; i++) {
            pass(i, m.abs(tr.passStartUs(i)));
            if (i == 0) {
                add(active + 1, EventKind.STATUS, m.sourceHost, SOURCE, "active");
            }
        }
        if (tr.outcome == Trajectory.Outcome.ABORTED) {
            aborted();
        } else if (tr.postcopySwitchUs >= 0) {
            postCopyEnd();
        } else {
            switchoverEnd();
        }
        // marked last: the endings above fill their events in after adding them
        out.forEach(r -> CanonicalSignals.apply((MigrationEvent) r.value()));
        return out;
    }

    private void switchoverEnd() {
        long stop = m.abs(tr.stopUs);
        add(stop, EventKind.STOP, m.sourceHost, SOURCE, null).setDetail("switchover");
        pass(tr.passes() - 1, stop);
        resumeAndComplete();
    }

    private void postCopyEnd() {
        long sw = m.abs(tr.postcopySwitchUs);
        MigrationEvent ev = add(sw, EventKind.POSTCOPY_SWITCH, m.sourceHost, SOURCE, "postcopy-active");
        ev.setMode("PostCopy");
        add(sw, EventKind.STOP, m.sourceHost, SOURCE, null).setDetail("switchover to post-copy");
        resumeAndComplete();
    }

    private void resumeAndComplete() {
        long resume = m.abs(tr.resumeUs);
        add(resume, EventKind.RESUME, m.targetHost, DESTINATION, null);
        add(Math.max(resume + 1, m.endUs() - 1), EventKind.STATUS, m.targetHost, DESTINATION, "completed");
        MigrationEvent done = add(m.endUs(), EventKind.STATUS, m.sourceHost, SOURCE, "completed");
        done.setCompleted(true);
        MigrationStats s = stats(tr.endUs, tr.totalBytes(), 0L);
        s.setDowntimeMs(Math.round(tr.downtimeUs / 1000.0));
        s.setDowntimeBytes(tr.finalSyncBytes);
        s.setPostcopyBytes(tr.postcopyBytes);
        s.setPrecopyBytes(tr.totalBytes() - tr.finalSyncBytes - tr.postcopyBytes);
        s.setDirtySyncCount((long) tr.passes());
        done.setStats(s);
    }

    private void aborted() {
        long abortAt = m.endUs() - PrecopyModel.CANCEL_LAG_US;
        MigrationEvent timeout = add(abortAt, EventKind.TIMEOUT, m.sourceHost, SOURCE, null);
        timeout.setDetail(tr.abortReason);
        timeout.setAbortRequested(true);
        add(abortAt + 1_000, EventKind.STATUS, m.sourceHost, SOURCE, "cancelling").setAbortRequested(true);
        MigrationEvent done = add(m.endUs(), EventKind.STATUS, m.sourceHost, SOURCE, "cancelled");
        int last = tr.passes() - 1;
        long sentInLastPass = tr.totalBytes() - tr.bytesSentBy(tr.passStartUs(last));
        done.setStats(stats(tr.endUs, tr.totalBytes(), tr.passRemainingBytes(last) - sentInLastPass));
        done.setAbortRequested(true);
        done.setAbortStatus("Succeeded");
        done.setCompleted(false);
        done.setFailed(false);
        done.setFailureReason(tr.abortReason);
    }

    private void pass(int i, long at) {
        long offset = at - m.startUs;
        long remaining = tr.passRemainingBytes(i);
        MigrationEvent ev = add(at, EventKind.PASS, m.sourceHost, SOURCE, null);
        ev.setPass(i + 1);
        MigrationStats s = stats(offset, tr.bytesSentBy(tr.passStartUs(i)), remaining);
        s.setExpectedDowntimeMs(Math.round(m.input.sendUs(remaining) / 1000.0));
        // QEMU has no dirty-rate measurement before the first bitmap sync has completed
        s.setDirtyRateBytesPerSec(i == 0 ? null : m.input.dirtyRateBytesPerSec());
        s.setCpuThrottlePercent(tr.passThrottlePercent(i));
        s.setDirtySyncCount((long) (i + 1));
        s.setMemoryIteration((long) (i + 1));
        ev.setStats(s);
    }

    private MigrationStats stats(long offsetUs, long transferred, long remaining) {
        MigrationStats s = new MigrationStats();
        s.setTimeElapsedMs(offsetUs / 1000);
        s.setSetupTimeMs(tr.activeUs / 1000);
        s.setRamTransferredBytes(transferred);
        s.setRamRemainingBytes(remaining);
        s.setRamTotalBytes(m.input.totalBytes());
        s.setBandwidthBytesPerSec(m.input.bandwidthBytesPerSec());
        // auto-converge is off (KubeVirt allowAutoConverge defaults to false) unless seed 002's KVM turns it on;
        // a PASS event carries the throttle of its pass
        s.setCpuThrottlePercent(0);
        s.setPageSizeBytes(PAGE_SIZE);
        return s;
    }

    private MigrationEvent add(long at, EventKind kind, String host, String role, String status) {
        MigrationEvent ev = event(out.size() + 1, at, kind, host, role, status);
        out.add(new SimulatedRecord(TopicKind.EVENT, m.vm, at, ev));
        return ev;
    }

    private MigrationEvent event(int n, long at, EventKind kind, String host, String role, String status) {
        MigrationEvent ev = base(m, spec, n, at, kind, host, role, status);
        ev.setMode(mode(at));
        ev.setLimits(limits);
        return ev;
    }

    /** Hybrid migrations run pre-copy until the switch, post-copy after it. */
    private String mode(long at) {
        return tr.postcopySwitchUs >= 0 && at >= m.abs(tr.postcopySwitchUs) ? "PostCopy" : "PreCopy";
    }

    private static MigrationLimits limits(Migration m, SimulationSpec spec) {
        List<String> caps = m.profile.postCopy() ? List.of("events", "postcopy-ram")
            : m.input.autoConverge() ? List.of("events", "auto-converge") : List.of("events");
        return MigrationLimits.newBuilder()
            .setDowntimeLimitMs(spec.downtimeLimitMs())
            .setMaxBandwidthBytesPerSec(spec.bandwidthBytesPerSec())
            .setCapabilities(caps)
            .setProgressTimeoutS(spec.progressTimeoutS())
            .setCompletionTimeoutPerGibS(spec.completionTimeoutPerGibS())
            .setAllowPostCopy(m.profile.postCopy())
            .setAllowAutoConverge(m.input.autoConverge())
            .build();
    }
}
