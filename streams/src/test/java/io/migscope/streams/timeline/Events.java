package io.migscope.streams.timeline;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;

/** Builds normalised events as the parsers emit them. */
public final class Events {
    public static final long T0 = 1_700_000_000_000_000L;

    private Events() {
    }

    public static MigrationEvent.Builder event(String id, long offsetMs, Platform platform, String format, EventKind kind) {
        return MigrationEvent.newBuilder().setEventId(id).setEventTimeUs(T0 + offsetMs * 1000).setPlatform(platform)
                .setSourceFormat(format).setKind(kind).setVm("vm-1").setMigrationId("mig-1");
    }

    public static MigrationEvent qmp(String id, long offsetMs, String role, EventKind kind, String status, Integer pass) {
        return event(id, offsetMs, Platform.QEMU, "qmp", kind).setRole(role)
                .setHost(role.equals("source") ? "src" : "dst").setStatus(status).setPass(pass).build();
    }

    /** The events with the canonical marks the collectors' adapters give them (the timeline reads only those). */
    public static java.util.List<MigrationEvent> canonical(java.util.List<MigrationEvent> events) {
        events.forEach(io.migscope.producers.signals.CanonicalSignals::apply);
        return events;
    }

    public static MigrationStats.Builder stats(long remaining, long dirty, long bandwidth) {
        return MigrationStats.newBuilder().setRamRemainingBytes(remaining).setDirtyRateBytesPerSec(dirty)
                .setBandwidthBytesPerSec(bandwidth);
    }
}
