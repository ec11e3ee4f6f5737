package io.migscope.app.replay;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the manifest's {@code migrations:} add to a run. A declaration names its migration: the VM's events from a
 * minute before its request (or from the start of the run) until the VM's next declared migration take its id. What
 * it declares anchors the migration, as a {@link Platform#DECLARED} event that the timeline ranks above every source
 * (a source that says otherwise is flagged): the request, the hosts, and the outcome at its declared time (or, with
 * no time declared, at the VM's last event). What it does not declare, the sources fill in. A declared load profile
 * labels the migration's events that carry none.
 */
final class Declarations {
    /** Sources may stamp a migration's first events a little before the request a user noted. */
    static final long BEFORE_REQUEST_US = 60_000_000L;

    private Declarations() {
    }

    /** Relabels the declared VMs' events (in place) and returns the declarations' own events. */
    static List<MigrationEvent> apply(List<RunManifest.Declared> declared, List<ReplayRecord> records, String cluster) {
        List<MigrationEvent> out = new ArrayList<>();
        for (RunManifest.Declared d : declared) {
            long from = d.requestedAtUs() == null ? Long.MIN_VALUE : d.requestedAtUs() - BEFORE_REQUEST_US;
            long until = nextFrom(declared, d);
            List<MigrationEvent> own = new ArrayList<>();
            for (ReplayRecord r : records) {
                if (r.value() instanceof MigrationEvent e && e.getVm().equals(d.vm()) && r.timeUs() >= from
                        && r.timeUs() < until) {
                    e.setMigrationId(d.id());
                    if (e.getLoadProfile() == null) {
                        e.setLoadProfile(d.loadProfile());
                    }
                    own.add(e);
                }
            }
            out.add(anchor(d, cluster, own));
            if (d.outcome() != null) {
                out.add(outcome(d, cluster, own));
            }
        }
        return out;
    }

    /** Where the VM's next declared migration starts (declarations of a VM declared twice all have a request). */
    private static long nextFrom(List<RunManifest.Declared> declared, RunManifest.Declared d) {
        return declared.stream().filter(o -> o != d && o.vm().equals(d.vm()) && d.requestedAtUs() != null
                        && o.requestedAtUs() != null && o.requestedAtUs() > d.requestedAtUs())
                .map(o -> o.requestedAtUs() - BEFORE_REQUEST_US).min(Comparator.naturalOrder()).orElse(Long.MAX_VALUE);
    }

    /** The declaration itself: its hosts, and the request when declared; placed at the request or first event. */
    private static MigrationEvent anchor(RunManifest.Declared d, String cluster, List<MigrationEvent> own) {
        long at = d.requestedAtUs() != null ? d.requestedAtUs()
                : own.stream().mapToLong(MigrationEvent::getEventTimeUs).min().orElseGet(() -> fallbackTime(d));
        MigrationEvent e = event(d, cluster, at, "declared");
        if (d.requestedAtUs() != null) {
            e.setKind(EventKind.REQUESTED);
            e.setPhases(new ArrayList<>(List.of(new PhaseMark(MigrationPhase.REQUESTED, at, false))));
        }
        return e;
    }

    /** The declared outcome, at the declared end or else at the last thing the VM's sources said. */
    private static MigrationEvent outcome(RunManifest.Declared d, String cluster, List<MigrationEvent> own) {
        long at = d.completedAtUs() != null ? d.completedAtUs()
                : own.stream().mapToLong(MigrationEvent::getEventTimeUs).max().orElseGet(() -> fallbackTime(d));
        MigrationEvent e = event(d, cluster, at, "outcome");
        e.setKind(EventKind.STATUS);
        e.setStatus(d.outcome());
        MigrationPhase phase = MigrationPhase.valueOf(d.outcome().toUpperCase(Locale.ROOT));
        e.setPhases(new ArrayList<>(List.of(new PhaseMark(phase, at, true))));
        return e;
    }

    private static long fallbackTime(RunManifest.Declared d) {
        if (d.completedAtUs() != null) {
            return d.completedAtUs();
        }
        throw new ManifestException("migrations[" + d.index() + "]: no source mentions " + d.vm()
                + " and the declaration gives no time; add requested_at or completed_at");
    }

    private static MigrationEvent event(RunManifest.Declared d, String cluster, long timeUs, String what) {
        return MigrationEvent.newBuilder().setEventId("run.yaml:" + d.id() + ":" + what).setEventTimeUs(timeUs)
                .setPlatform(Platform.DECLARED).setSourceFormat("manifest").setKind(EventKind.OTHER).setVm(d.vm())
                .setCluster(cluster).setMigrationId(d.id()).setSourceHost(d.sourceHost())
                .setTargetHost(d.targetHost()).setLoadProfile(d.loadProfile()).setDetail("declared in run.yaml").build();
    }
}
