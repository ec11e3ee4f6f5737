package io.migscope.streams.timeline;

/**
 * Numbers from the hypervisor and the platform that the timeline record has no field for, chosen by the same
 * precedence as the timeline (hypervisor first), for the downtime report, the convergence deadline and the summary.
 *
 * @param reportedDowntimeMs the hypervisor's measured downtime (latest from the strongest source), or null
 * @param reportedSource     who reported it, e.g. {@code qemu/qmp}
 * @param hypervisorBytes    bytes the hypervisor says it transferred (largest of the strongest source), or null
 * @param migrationBytes     memory + local disk bytes to move, for the per-GiB deadline, or null
 * @param wave               campaign label
 * @param flavor             flavor label
 * @param vmMemoryBytes      guest memory
 * @param loadProfile        the guest's load while it migrated, as its events were labelled
 */
public record TimelineFacts(Long reportedDowntimeMs, String reportedSource, Long hypervisorBytes, Long migrationBytes,
                            String wave, String flavor, Long vmMemoryBytes, String loadProfile) {
}
