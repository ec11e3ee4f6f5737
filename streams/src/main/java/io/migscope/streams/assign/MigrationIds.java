package io.migscope.streams.assign;

import io.migscope.avro.MigrationEvent;

/**
 * Which migration an event belongs to. The platform's own id wins (KubeVirt migrationUid, Nova's migration);
 * otherwise the VM's migration in progress at the event's time; otherwise a new id from VM, host pair and start
 * time, which every source that sees the same migration derives alike.
 */
public final class MigrationIds {
    private MigrationIds() {
    }

    /** The platform's id, or null. */
    public static String platformId(MigrationEvent e) {
        String id = e.getMigrationId();
        return id == null || id.isBlank() ? null : id;
    }

    /** {@code vm@source->target@epochSeconds}: stable across sources that agree on the hosts and the second. */
    public static String derived(MigrationEvent e) {
        return e.getVm() + "@" + orUnknown(e.getSourceHost() != null ? e.getSourceHost() : sourceOf(e)) + "->"
                + orUnknown(e.getTargetHost() != null ? e.getTargetHost() : targetOf(e)) + "@"
                + e.getEventTimeUs() / 1_000_000L;
    }

    private static String sourceOf(MigrationEvent e) {
        return "source".equals(e.getRole()) ? e.getHost() : null;
    }

    private static String targetOf(MigrationEvent e) {
        return "destination".equals(e.getRole()) ? e.getHost() : null;
    }

    private static String orUnknown(String s) {
        return s == null ? "?" : s;
    }
}
