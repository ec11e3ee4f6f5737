package io.migscope.streams;

import io.migscope.config.ConfigKey;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.avro.Platform;
import io.migscope.streams.convergence.AlertSettings;
import io.migscope.streams.convergence.ConvergenceSettings;
import io.migscope.streams.downtime.DowntimeSettings;

/**
 * How records are tied to migrations, in event time.
 *
 * @param graceUs    a record older than stream time minus this is late: counted and dead-lettered, never used
 * @param baselineUs probes this long before a migration form its RTT baseline
 * @param recoveryUs probes this long after it still belong to it; the summary is written when it has passed
 * @param config     the rest, for per-cluster deadlines
 */
public record CorrelationSettings(long graceUs, long baselineUs, long recoveryUs, DowntimeSettings downtime,
                                  AlertSettings alerts, MigscopeConfig config) {

    public static CorrelationSettings from(MigscopeConfig config) {
        return new CorrelationSettings(micros(config, Keys.GRACE), micros(config, Keys.BASELINE_WINDOW),
                micros(config, Keys.RECOVERY_WINDOW), DowntimeSettings.from(config), AlertSettings.from(config), config);
    }

    /** Deadlines depend on the platform and may be set per cluster. */
    public ConvergenceSettings convergence(String cluster, Platform platform) {
        return ConvergenceSettings.from(config, cluster, platform);
    }

    public static CorrelationSettings defaults() {
        return from(MigscopeConfig.defaults());
    }

    private static long micros(MigscopeConfig config, ConfigKey key) {
        return config.getDuration(key).toNanos() / 1_000L;
    }
}
