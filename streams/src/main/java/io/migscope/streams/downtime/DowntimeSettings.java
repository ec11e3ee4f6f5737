package io.migscope.streams.downtime;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;

/**
 * Windows and tolerances of the downtime computation, in microseconds.
 *
 * @param baselineUs       window before the migration start whose replies form the RTT baseline
 * @param recoveryUs       window after resume in which the brownout is measured
 * @param graceUs          how far out of order probes may arrive; RTT samples are kept this much longer
 * @param toleranceFactor  RTT counts as recovered when {@code rtt <= baseline * factor + toleranceAbsUs}
 * @param toleranceAbsUs   absolute slack, so a 0.2 ms baseline does not demand 0.3 ms
 * @param recoveredProbes  consecutive replies within tolerance that end the brownout
 */
public record DowntimeSettings(long baselineUs, long recoveryUs, long graceUs, double toleranceFactor,
                               long toleranceAbsUs, int recoveredProbes) {

    /** 30 s windows, 30 s grace, baseline * 1.5 + 0.5 ms, 5 probes. */
    public static DowntimeSettings defaults() {
        return new DowntimeSettings(30_000_000L, 30_000_000L, 30_000_000L, 1.5, 500L, 5);
    }

    /** Seconds of per-second RTT medians a VM keeps: the baseline window, and the grace for a late transfer start. */
    public int rttSecondsKept() {
        return (int) ((baselineUs + graceUs) / 1_000_000L);
    }

    public static DowntimeSettings from(MigscopeConfig config) {
        DowntimeSettings d = defaults();
        return new DowntimeSettings(micros(config, Keys.BASELINE_WINDOW), micros(config, Keys.RECOVERY_WINDOW),
                micros(config, Keys.GRACE), d.toleranceFactor(), d.toleranceAbsUs(), d.recoveredProbes());
    }

    private static long micros(MigscopeConfig config, io.migscope.config.ConfigKey key) {
        return config.getDuration(key).toNanos() / 1_000L;
    }
}
