package io.migscope.producers.simulator;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.PhaseMark;
import java.util.ArrayList;
import java.util.List;

/**
 * A XenServer migration as its toolstack reports it, with the marks the xen-xapi and xen-xl adapters set: xapi hands
 * the VM to xenopsd (PRECOPY), libxc's passes (PASS, counted from 1, pages left as bytes), emu-manager's suspend
 * (STOP, SWITCHOVER), the destination's unpause (RESUME, RESUMED) and the completed task (COMPLETED). Xen reports no
 * downtime of its own: the blackout is what the probes see.
 */
final class XenLifecycle {
    /** libxc's pages: x86 4 KiB frames. */
    static final long PAGE = 4096;

    private final Migration m;
    private final SimulationSpec spec;
    private final Trajectory tr;
    private final List<SimulatedRecord> out = new ArrayList<>();

    private XenLifecycle(Migration m, SimulationSpec spec) {
        this.m = m;
        this.spec = spec;
        this.tr = m.trajectory;
    }

    static List<SimulatedRecord> events(Migration m, SimulationSpec spec) {
        return new XenLifecycle(m, spec).build();
    }

    private List<SimulatedRecord> build() {
        long active = m.abs(tr.activeUs);
        add(active, EventKind.PHASE, m.sourceHost, MigrationEvents.SOURCE, "sending", MigrationPhase.PRECOPY);
        // the last pass is the one sent with the guest paused
        for (int i = 0; i < tr.passes() - 1; i++) {
            long at = Math.max(active + 1, m.abs(tr.passStartUs(i)));
            MigrationEvent pass = add(at, EventKind.PASS, m.sourceHost, MigrationEvents.SOURCE, "iteration", null);
            pass.setPass(i + 1);
            pass.setStats(stats(tr.passStartUs(i), tr.passRemainingBytes(i), i + 1));
        }
        add(m.abs(tr.stopUs), EventKind.STOP, m.sourceHost, MigrationEvents.SOURCE, "suspended",
            MigrationPhase.SWITCHOVER);
        add(m.abs(tr.resumeUs), EventKind.RESUME, m.targetHost, MigrationEvents.DESTINATION, "unpaused",
            MigrationPhase.RESUMED);
        MigrationEvent done = add(m.endUs(), EventKind.STATUS, m.sourceHost, MigrationEvents.SOURCE, "completed",
            MigrationPhase.COMPLETED);
        done.setCompleted(true);
        done.setStats(stats(tr.endUs, 0, tr.passes()));
        return out;
    }

    private MigrationStats stats(long offsetUs, long remaining, int iteration) {
        MigrationStats s = new MigrationStats();
        s.setTimeElapsedMs(offsetUs / 1000);
        s.setRamTransferredBytes(tr.bytesSentBy(offsetUs));
        s.setRamRemainingBytes(remaining);
        s.setRamTotalBytes(m.input.totalBytes());
        s.setPageSizeBytes(PAGE);
        s.setMemoryIteration((long) iteration);
        return s;
    }

    private MigrationEvent add(long at, EventKind kind, String host, String role, String status, MigrationPhase phase) {
        MigrationEvent ev = MigrationEvents.base(m, spec, out.size() + 1, at, kind, host, role, status);
        ev.setJob(MigrationEvents.DESTINATION.equals(role) ? JobOperation.MIGRATION_IN : JobOperation.MIGRATION_OUT);
        if (phase != null) {
            ev.setPhases(List.of(new PhaseMark(phase, at, false)));
        }
        out.add(new SimulatedRecord(TopicKind.EVENT, m.vm, at, ev));
        return ev;
    }
}
