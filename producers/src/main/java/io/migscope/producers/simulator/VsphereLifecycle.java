package io.migscope.producers.simulator;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import java.util.ArrayList;
import java.util.List;

/**
 * A vMotion as vCenter reports it, with the marks the vsphere adapter sets: VmBeingHotMigratedEvent when memory
 * starts to move (PRECOPY), the MigrateVM_Task's progress at each pre-copy pass (PROGRESS, its own percentage in the
 * detail), and VmMigratedEvent at the end (COMPLETED). vCenter publishes neither the stun nor the resume nor a
 * downtime: the blackout is what the probes see.
 */
final class VsphereLifecycle {
    private final Migration m;
    private final SimulationSpec spec;
    private final Trajectory tr;
    private final List<SimulatedRecord> out = new ArrayList<>();

    private VsphereLifecycle(Migration m, SimulationSpec spec) {
        this.m = m;
        this.spec = spec;
        this.tr = m.trajectory;
    }

    static List<SimulatedRecord> events(Migration m, SimulationSpec spec) {
        return new VsphereLifecycle(m, spec).build();
    }

    private List<SimulatedRecord> build() {
        long active = m.abs(tr.activeUs);
        add(active, EventKind.PHASE, "VmBeingHotMigratedEvent", MigrationPhase.PRECOPY)
            .setDetail("Migrating " + m.vm + " from " + m.sourceHost + " to " + m.targetHost);
        long total = tr.totalBytes();
        for (int i = 1; i < tr.passes() - 1; i++) {
            long at = Math.max(active + 1, m.abs(tr.passStartUs(i)));
            long percent = total == 0 ? 0 : 100 * tr.bytesSentBy(tr.passStartUs(i)) / total;
            add(at, EventKind.PROGRESS, "running", null).setDetail("MigrateVM_Task running " + percent + "%");
        }
        MigrationEvent done = add(m.endUs(), EventKind.STATUS, "VmMigratedEvent", MigrationPhase.COMPLETED);
        done.setCompleted(true);
        done.setDetail("Migration of virtual machine " + m.vm + " from " + m.sourceHost + " to " + m.targetHost
            + " completed");
        return out;
    }

    private MigrationEvent add(long at, EventKind kind, String status, MigrationPhase phase) {
        MigrationEvent ev = MigrationEvents.base(m, spec, out.size() + 1, at, kind, m.sourceHost,
            MigrationEvents.SOURCE, status);
        ev.setJob(JobOperation.MIGRATION_OUT);
        if (phase != null) {
            ev.setPhases(List.of(new PhaseMark(phase, at, false)));
        }
        out.add(new SimulatedRecord(TopicKind.EVENT, m.vm, at, ev));
        return ev;
    }
}
