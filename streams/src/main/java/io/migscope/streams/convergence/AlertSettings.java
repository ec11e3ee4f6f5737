package io.migscope.streams.convergence;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;

/**
 * Alert thresholds and hysteresis.
 *
 * @param fireAfter     consecutive evaluations with the condition true before FIRING (NON_CONVERGING, STUCK)
 * @param resolveAfter  consecutive evaluations with the condition false before RESOLVED
 * @param downtimeSloMs observed blackout above this fires DOWNTIME_SLO_BREACH
 * @param stuckAfterUs  no event, or no progress, for this long fires STUCK
 * @param timeLagUs     STUCK and DEADLINE_PASSED judge a migration this far behind the task's event time
 */
public record AlertSettings(int fireAfter, int resolveAfter, double downtimeSloMs, long stuckAfterUs,
                            long timeLagUs) {

    public static AlertSettings defaults() {
        return from(MigscopeConfig.defaults());
    }

    public static AlertSettings from(MigscopeConfig config) {
        return new AlertSettings(2, 3, config.getDuration(Keys.DOWNTIME_SLO).toNanos() / 1e6,
                config.getDuration(Keys.STUCK_AFTER).toNanos() / 1000,
                config.getDuration(Keys.TIME_ALERT_LAG).toNanos() / 1000);
    }
}
