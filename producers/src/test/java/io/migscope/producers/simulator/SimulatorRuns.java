package io.migscope.producers.simulator;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: run a simulator and group what it produced. */
final class SimulatorRuns {
    private SimulatorRuns() {
    }

    static List<SimulatedRecord> collect(FleetSimulator sim) {
        List<SimulatedRecord> out = new ArrayList<>();
        sim.run(out::add);
        return out;
    }

    static Map<String, List<MigrationEvent>> eventsByMigration(List<SimulatedRecord> records) {
        Map<String, List<MigrationEvent>> out = new LinkedHashMap<>();
        for (SimulatedRecord r : records) {
            if (r.value() instanceof MigrationEvent e) {
                out.computeIfAbsent(e.getMigrationId(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** The source's final STATUS: completed or cancelled. */
    static MigrationEvent finalStatus(List<MigrationEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            MigrationEvent e = events.get(i);
            if (e.getKind() == EventKind.STATUS && "source".equals(e.getRole())
                && ("completed".equals(e.getStatus()) || "cancelled".equals(e.getStatus()))) {
                return e;
            }
        }
        throw new AssertionError("no final source STATUS in " + events);
    }

    static MigrationEvent first(List<MigrationEvent> events, EventKind kind, String status) {
        for (MigrationEvent e : events) {
            if (e.getKind() == kind && (status == null || status.equals(e.getStatus()))) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " " + status + " in " + events);
    }
}
