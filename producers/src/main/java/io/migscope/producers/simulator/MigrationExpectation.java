package io.migscope.producers.simulator;

/**
 * What the scenario encodes for one migration, so a test or a sample run can check what the pipeline computes.
 * Times are epoch microseconds; fields that do not apply (no switchover when aborted) are null.
 *
 * @param outcome            "completed" or "aborted"
 * @param converging         false when the guest dirties memory at about the link speed
 * @param passes             PASS events emitted (pre-copy passes plus QEMU's final sync after STOP)
 * @param transferredBytes   bytes on the wire: the final ram_transferred_bytes, and the sum of the link samples
 * @param reportedDowntimeMs stats.downtime_ms in the completed event (the hypervisor's pause)
 * @param blackoutStartUs    first instant the VM cannot answer (STOP)
 * @param blackoutEndUs      RESUME plus the time for the network to learn the new location
 * @param abortReason        the platform deadline that fired, for aborted migrations
 * @param completionDeadlineUs start + completionTimeoutPerGiB x memory GiB
 * @param brownoutEndUs      until when probe RTT is inflated after resume
 */
public record MigrationExpectation(
        String migrationId,
        String vm,
        String cluster,
        String sourceHost,
        String targetHost,
        VmProfile profile,
        long memoryBytes,
        String outcome,
        boolean converging,
        boolean postCopy,
        long requestedUs,
        long startedUs,
        long activeUs,
        Long switchoverUs,
        Long resumedUs,
        long endedUs,
        int passes,
        long transferredBytes,
        long dirtyRateBytesPerSec,
        long bandwidthBytesPerSec,
        Long reportedDowntimeMs,
        Long blackoutStartUs,
        Long blackoutEndUs,
        String abortReason,
        long completionDeadlineUs,
        long rttBaselineUs,
        Long brownoutEndUs,
        long pingWindowStartUs,
        long pingWindowEndUs) {

    public String flavor() {
        return profile.flavor().label();
    }

    /** Request to done, as MigrationSummary.migration_time_ms counts it. */
    public long migrationTimeMs() {
        return (endedUs - requestedUs) / 1000;
    }

    /** Start (STATUS setup) to done: seed 001's migration time, which has no queue. */
    public long runTimeMs() {
        return (endedUs - startedUs) / 1000;
    }

    public long queueWaitMs() {
        return (startedUs - requestedUs) / 1000;
    }

    /** The injected blackout in milliseconds, or null when the VM never paused. */
    public Double blackoutMs() {
        return blackoutStartUs == null ? null : (blackoutEndUs - blackoutStartUs) / 1000.0;
    }

    static MigrationExpectation of(Migration m, SimulationSpec spec) {
        Trajectory tr = m.trajectory;
        boolean done = m.completed();
        int passes = tr.passes();
        return new MigrationExpectation(m.migrationId, m.vm, m.cluster, m.sourceHost, m.targetHost, m.profile,
            m.input.totalBytes(), done ? "completed" : "aborted", m.profile.converging(), m.profile.postCopy(),
            m.requestedUs, m.startUs, m.abs(tr.activeUs),
            done ? m.abs(tr.stopUs) : null, done ? m.abs(tr.resumeUs) : null, m.endUs(),
            passes, tr.totalBytes(), m.input.dirtyRateBytesPerSec(), m.input.bandwidthBytesPerSec(),
            done ? Math.round(tr.downtimeUs / 1000.0) : null,
            done ? m.blackoutStartUs() : null, done ? m.blackoutEndUs() : null,
            tr.abortReason, m.startUs + m.input.completionTimeoutUs(), m.rttBaselineUs,
            done ? m.brownoutEndUs() : null, m.startUs - spec.baselineUs(), m.endUs() + spec.recoveryUs());
    }
}
