package io.migscope.streams;

import io.migscope.config.ConfigKey;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.streams.downtime.DowntimeSettings;

/**
 * How records are tied to migrations, in event time.
 *
 * @param graceUs    a record older than stream time minus this is late: counted and dead-lettered, never used
 * @param baselineUs probes this long before a migration form its RTT baseline
 * @param recoveryUs probes this long after it still belong to it; the summary is written when it has passed
 */
public record CorrelationSettings(long graceUs, long baselineUs, long recoveryUs, DowntimeSettings downtime) {

    public static CorrelationSettings from(MigscopeConfig config) {
        return new CorrelationSettings(micros(config, Keys.GRACE), micros(config, Keys.BASELINE_WINDOW),
                micros(config, Keys.RECOVERY_WINDOW), DowntimeSettings.from(config));
    }

    public static CorrelationSettings defaults() {
        return from(MigscopeConfig.defaults());
    }

    private static long micros(MigscopeConfig config, ConfigKey key) {
        return config.getDuration(key).toNanos() / 1_000L;
    }
}
