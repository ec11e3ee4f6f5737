package io.migscope.streams.correlate;

/**
 * Probes of synthetic VMs whose only job is to move a partition's stream time on: a replay publishes one on every
 * partition after its last record, so every due summary is written in stream time, never by the wall-clock idle
 * flush. The correlator keeps no state for them.
 */
public final class Watermarks {
    /** VM names starting with this are watermarks. */
    public static final String PREFIX = "__watermark";

    private Watermarks() {
    }

    public static boolean isWatermark(String vm) {
        return vm != null && vm.startsWith(PREFIX);
    }
}
