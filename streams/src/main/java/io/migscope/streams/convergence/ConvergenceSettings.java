package io.migscope.streams.convergence;

import io.migscope.avro.Platform;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.time.Duration;

/**
 * Knobs of the convergence model, in microseconds where they are durations.
 *
 * @param alpha               weight of the newest bandwidth / dirty-rate sample in the EWMA
 * @param minPasses           passes (or progress samples, for sources without passes) before any verdict
 * @param ratioThreshold      dirty/bandwidth at or above which a migration whose remaining bytes do not shrink is
 *                            called non-converging
 * @param completionPerGiBUs  platform completion deadline per GiB of memory + local disk
 * @param progressTimeoutUs   platform abort after this long without progress; 0 disables it
 * @param downtimeLimitMs     switchover downtime the hypervisor accepts, unless the events say otherwise
 */
public record ConvergenceSettings(double alpha, int minPasses, double ratioThreshold, long completionPerGiBUs,
                                  long progressTimeoutUs, long downtimeLimitMs) {
    /** Nova's live_migration_completion_timeout default: 800 s per GiB. */
    static final Duration NOVA_COMPLETION_PER_GIB = Duration.ofSeconds(800);
    /** QEMU's downtime-limit default. */
    static final long QEMU_DOWNTIME_LIMIT_MS = 300;

    /** KubeVirt defaults: 150 s per GiB, 150 s progress timeout; alpha 0.3, 3 passes, ratio 0.9. */
    public static ConvergenceSettings defaults() {
        return from(MigscopeConfig.defaults(), null, Platform.KUBEVIRT);
    }

    /**
     * Settings for one migration: a per-cluster override wins, then the fleet-wide key; Nova migrations get Nova's
     * 800 s per GiB and no progress timeout (Nova's is off by default) unless a key sets them explicitly.
     */
    public static ConvergenceSettings from(MigscopeConfig config, String cluster, Platform platform) {
        boolean nova = platform == Platform.NOVA;
        Duration perGiB = nova && !config.isSet(Keys.COMPLETION_PER_GIB) && !clusterSet(config, cluster,
                Keys.CLUSTER_COMPLETION_PER_GIB) ? NOVA_COMPLETION_PER_GIB
                : config.clusterDuration(cluster, Keys.CLUSTER_COMPLETION_PER_GIB, Keys.COMPLETION_PER_GIB);
        Duration progress = nova && !config.isSet(Keys.PROGRESS_TIMEOUT) && !clusterSet(config, cluster,
                Keys.CLUSTER_PROGRESS_TIMEOUT) ? Duration.ZERO
                : config.clusterDuration(cluster, Keys.CLUSTER_PROGRESS_TIMEOUT, Keys.PROGRESS_TIMEOUT);
        return new ConvergenceSettings(config.getDouble(Keys.EWMA_ALPHA), config.getInt(Keys.ALERT_LEAD), 0.9,
                perGiB.toNanos() / 1000, progress.toNanos() / 1000, QEMU_DOWNTIME_LIMIT_MS);
    }

    private static boolean clusterSet(MigscopeConfig config, String cluster, io.migscope.config.ConfigKey key) {
        return cluster != null && config.find(key.name().replace("*", cluster)).isPresent();
    }
}
