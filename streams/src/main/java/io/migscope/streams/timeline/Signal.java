package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;

/**
 * What one event says about a phase boundary or a platform reaction.
 *
 * @param name       a phase name from {@link Phases}, or a reaction action
 * @param timeUs     when, epoch microseconds (may differ from the event time, e.g. KubeVirt startTimestamp)
 * @param event      the event that said it
 * @param fromStatus true when read from the event's status field (used to spot "active after completed")
 */
record Signal(String name, long timeUs, MigrationEvent event, boolean fromStatus) {

    String source() {
        return TimelineBuilder.sourceOf(event);
    }

    /** Who said it: source, host and role (QEMU source and destination report separately). */
    String reporter() {
        return source() + (event.getHost() == null ? "" : "@" + event.getHost())
                + (event.getRole() == null ? "" : "#" + event.getRole());
    }
}
