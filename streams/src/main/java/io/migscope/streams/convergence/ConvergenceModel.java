package io.migscope.streams.convergence;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationLimits;
import io.migscope.avro.MigrationStats;
import java.util.Locale;

/**
 * Per-migration convergence model, updated by each progress or statistics event (in event-time order; an event
 * older than the newest sample is counted in {@link #stale()} and not used, because an EWMA cannot be rewound).
 *
 * <p>Per pass it tracks remaining bytes, the dirty rate and the bandwidth (EWMAs), their ratio, and the slope of
 * remaining bytes at pass starts (QEMU's remaining drains within a pass and jumps at each dirty-bitmap sync, so
 * only pass starts are comparable). It predicts completion by playing the passes forward: a pass over r bytes
 * takes r/B and leaves rho*r dirty; with auto-converge QEMU raises the throttle by its increment each pass, which
 * scales the dirty rate by (1-p')/(1-p). Pre-copy ends when r fits in the downtime limit (r &lt;= limit x B).
 *
 * <p>Verdict after at least {@code minPasses}: non-converging when the prediction is "never" or after the
 * completion deadline, or when dirty/bandwidth &gt;= threshold while remaining bytes do not shrink and no throttle
 * increase is coming. A converging migration (shrinking remaining, prediction before the deadline) never is.
 * Independently, from pass 2 on, a pass that cannot reach a new low before the progress timeout is non-converging.
 */
public final class ConvergenceModel {
    private static final java.util.Set<io.migscope.avro.MigrationPhase> WAITING = java.util.Set.of(
            io.migscope.avro.MigrationPhase.REQUESTED, io.migscope.avro.MigrationPhase.QUEUED,
            io.migscope.avro.MigrationPhase.SCHEDULING);
    private static final int TREND_POINTS = 6;
    private static final double GIB = 1024.0 * 1024 * 1024;
    /** Beyond a day of predicted pre-copy we say "never". */
    private static final double HORIZON_S = 86_400;
    /** Bound on simulated passes, in case the downtime limit is 0. */
    private static final int MAX_PASSES = 10_000;
    private static final int QEMU_THROTTLE_INITIAL = 20;
    private static final int QEMU_THROTTLE_INCREMENT = 10;
    private static final int QEMU_THROTTLE_MAX = 99;

    private final ConvergenceSettings settings;
    private long startUs = Long.MAX_VALUE;
    private long migrationBytes;
    private long perGiBUs;
    private long progressTimeoutUs;
    private long downtimeLimitMs;
    private boolean autoConverge;
    private int throttleIncrement = QEMU_THROTTLE_INCREMENT;
    private int maxThrottle = QEMU_THROTTLE_MAX;
    private double bandwidth = Double.NaN;
    private double dirty = Double.NaN;
    private int throttle;
    private long maxPass;
    private long samples;
    private long lastSampleUs = Long.MIN_VALUE;
    private long watermark = Long.MAX_VALUE;
    private long lastProgressUs;
    private long stale;
    private final long[] trendPass = new long[TREND_POINTS];
    private final long[] trendTimeUs = new long[TREND_POINTS];
    private final long[] trendRemaining = new long[TREND_POINTS];
    private int trendSize;

    public ConvergenceModel(ConvergenceSettings settings) {
        this.settings = settings;
        this.perGiBUs = settings.completionPerGiBUs();
        this.progressTimeoutUs = settings.progressTimeoutUs();
        this.downtimeLimitMs = settings.downtimeLimitMs();
    }

    /**
     * Feeds one event of this migration. Returns an assessment when the event carried remaining bytes, else null
     * (lifecycle events still move the start, the limits and the migration size).
     */
    public Assessment onEvent(MigrationEvent e) {
        if (!queued(e)) {
            // Platform deadlines count from the start of the transfer, not from the request: queued time is free.
            startUs = Math.min(startUs, e.getStartedAtUs() != null ? e.getStartedAtUs() : e.getEventTimeUs());
        }
        applyLimits(e.getLimits());
        if (e.getVmMemoryBytes() != null) {
            migrationBytes = Math.max(migrationBytes, e.getVmMemoryBytes());
        }
        MigrationStats s = e.getStats();
        Long remaining = s == null ? null : remaining(s);
        if (remaining == null) {
            return null;
        }
        if (e.getEventTimeUs() < lastSampleUs) {
            stale++;
            return null;
        }
        update(e, s, remaining);
        return assess(e.getEventTimeUs(), remaining);
    }

    /** An event that only says the migration waits (requested, queued, scheduling): its time is not a start. */
    private static boolean queued(MigrationEvent e) {
        if (e.getKind() == io.migscope.avro.EventKind.REQUESTED) {
            return true;
        }
        return !e.getPhases().isEmpty() && e.getPhases().stream().allMatch(m -> WAITING.contains(m.getPhase()));
    }

    /** Samples that came older than the newest one and were not used. */
    public long stale() {
        return stale;
    }

    private void applyLimits(MigrationLimits l) {
        if (l == null) {
            return;
        }
        // The platform's own configuration, when the events carry it, beats our defaults.
        if (l.getCompletionTimeoutPerGibS() != null) {
            perGiBUs = l.getCompletionTimeoutPerGibS() * 1_000_000L;
        }
        if (l.getProgressTimeoutS() != null) {
            progressTimeoutUs = l.getProgressTimeoutS() * 1_000_000L;
        }
        if (l.getDowntimeLimitMs() != null) {
            downtimeLimitMs = l.getDowntimeLimitMs();
        }
        if (l.getCapabilities().contains("auto-converge") || Boolean.TRUE.equals(l.getAllowAutoConverge())) {
            autoConverge = true;
        }
        if (l.getCpuThrottleIncrement() != null) {
            throttleIncrement = l.getCpuThrottleIncrement();
        }
        if (l.getMaxCpuThrottle() != null) {
            maxThrottle = l.getMaxCpuThrottle();
        }
    }

    private static Long remaining(MigrationStats s) {
        return s.getDataRemainingBytes() != null ? s.getDataRemainingBytes() : s.getRamRemainingBytes();
    }

    private void update(MigrationEvent e, MigrationStats s, long remaining) {
        lastSampleUs = e.getEventTimeUs();
        samples++;
        bandwidth = ewma(bandwidth, s.getBandwidthBytesPerSec());
        dirty = ewma(dirty, s.getDirtyRateBytesPerSec());
        if (s.getCpuThrottlePercent() != null) {
            throttle = s.getCpuThrottlePercent();
            autoConverge |= throttle > 0;
        }
        Long size = s.getDataTotalBytes() != null ? s.getDataTotalBytes() : s.getRamTotalBytes() != null
                ? s.getRamTotalBytes() + (s.getDiskTotalBytes() == null ? 0 : s.getDiskTotalBytes()) : null;
        if (size != null) {
            migrationBytes = Math.max(migrationBytes, size);
        }
        if (remaining < watermark) {
            // KubeVirt's progress watermark: progress means remaining bytes reached a new low.
            watermark = remaining;
            lastProgressUs = lastSampleUs;
        }
        long pass = passOf(e, s);
        maxPass = Math.max(maxPass, pass);
        addTrendPoint(pass == 0 ? samples : pass, remaining);
    }

    private double ewma(double old, Long sample) {
        if (sample == null || sample < 0) {
            return old;
        }
        return Double.isNaN(old) ? sample : settings.alpha() * sample + (1 - settings.alpha()) * old;
    }

    private static long passOf(MigrationEvent e, MigrationStats s) {
        if (e.getPass() != null) {
            return e.getPass();
        }
        if (s.getMemoryIteration() != null) {
            return s.getMemoryIteration();
        }
        return s.getDirtySyncCount() == null ? 0 : s.getDirtySyncCount();
    }

    /** Keeps the first sample of each pass (the size of the dirty set right after the sync). */
    private void addTrendPoint(long key, long remaining) {
        if (trendSize > 0 && trendPass[(trendSize - 1) % TREND_POINTS] == key) {
            return;
        }
        int i = trendSize % TREND_POINTS;
        trendPass[i] = key;
        trendTimeUs[i] = lastSampleUs;
        trendRemaining[i] = remaining;
        trendSize++;
    }

    /** Least-squares slope of remaining bytes over time at pass starts, bytes/s; NaN with fewer than 3 points. */
    double trend() {
        int n = Math.min(trendSize, TREND_POINTS);
        if (n < 3) {
            return Double.NaN;
        }
        double mt = 0;
        double mr = 0;
        for (int i = 0; i < n; i++) {
            mt += (trendTimeUs[i] - lastSampleUs) / 1e6;
            mr += trendRemaining[i];
        }
        mt /= n;
        mr /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            double dt = (trendTimeUs[i] - lastSampleUs) / 1e6 - mt;
            num += dt * (trendRemaining[i] - mr);
            den += dt * dt;
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private Assessment assess(long now, long remaining) {
        double ratio = bandwidth > 0 && !Double.isNaN(dirty) ? dirty / bandwidth : Double.NaN;
        double slope = trend();
        Long predicted = predict(now, remaining);
        Long deadline = migrationBytes > 0 && perGiBUs > 0 && startUs != Long.MAX_VALUE
                ? startUs + Math.round(perGiBUs * (migrationBytes / GIB)) : null;
        Long progressDeadline = progressTimeoutUs > 0 ? lastProgressUs + progressTimeoutUs : null;
        boolean enough = (maxPass > 0 ? maxPass : samples) >= settings.minPasses();
        boolean late = bandwidth > 0 && (predicted == null || (deadline != null && predicted > deadline));
        boolean stuckRatio = ratio >= settings.ratioThreshold() && !(slope < 0) && !Double.isNaN(slope)
                && !throttleWillRise();
        boolean progressLate = progressLate(now, remaining, progressDeadline);
        boolean verdict = (enough && (late || stuckRatio)) || progressLate;
        String evidence = evidence(remaining, ratio, slope, predicted, deadline, now, late, stuckRatio);
        if (progressLate) {
            evidence += String.format(Locale.ROOT, "; the current pass cannot drain below the last low (%.1f MiB)"
                    + " before the progress timeout in %.0f s", watermark / 1048576.0, (progressDeadline - now) / 1e6);
        }
        return new Assessment(now, maxPass, remaining, dirty, bandwidth, ratio, slope, throttle, predicted, deadline,
                progressDeadline, lastProgressUs, verdict, evidence);
    }

    /**
     * From the second pass on, remaining bytes only reach a new low (progress, for KubeVirt) near the end of a
     * pass; draining at the bandwidth, that is (remaining - low) / B away. Later than the progress deadline means
     * the platform aborts whatever the ratio, so this needs no minimum of passes: it is arithmetic, not a trend.
     */
    private boolean progressLate(long now, long remaining, Long progressDeadline) {
        if (progressDeadline == null || maxPass < 2 || !(bandwidth > 0) || remaining <= watermark) {
            return false;
        }
        long nextLow = now + Math.round((remaining - watermark) / bandwidth * 1e6);
        return nextLow > progressDeadline;
    }

    private boolean throttleWillRise() {
        return autoConverge && throttle < maxThrottle;
    }

    /** Plays the passes forward; null when pre-copy would not finish within the horizon. */
    Long predict(long now, long remaining) {
        if (!(bandwidth > 0) || Double.isNaN(dirty)) {
            return null;
        }
        double threshold = downtimeLimitMs / 1000.0 * bandwidth;
        double r = remaining;
        double passStart = Math.max(remaining, lastPassStartRemaining());
        double t = 0;
        double p = throttle / 100.0;
        double rho0 = dirty / bandwidth;
        double p0 = p;
        boolean first = true;
        for (int pass = 0; pass < MAX_PASSES && t <= HORIZON_S; pass++) {
            if (r <= threshold) {
                return now + Math.round((t + r / bandwidth) * 1e6);
            }
            t += r / bandwidth;
            // what this pass dirtied: the first (current) pass has been running since its start
            double rho = rho0 * (1 - p) / Math.max(1e-9, 1 - p0);
            r = rho * (first ? passStart : r);
            first = false;
            if (throttleWillRise()) {
                p = Math.min(maxThrottle, p == 0 ? QEMU_THROTTLE_INITIAL : p * 100 + throttleIncrement) / 100.0;
            }
            if (rho >= 1 && !throttleWillRise()) {
                return null;
            }
        }
        return null;
    }

    private long lastPassStartRemaining() {
        return trendSize == 0 ? 0 : trendRemaining[(trendSize - 1) % TREND_POINTS];
    }

    private String evidence(long remaining, double ratio, double slope, Long predicted, Long deadline, long now,
                            boolean late, boolean stuckRatio) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "pass %d: remaining %.1f MiB (trend %s), dirty %.1f MiB/s vs bandwidth"
                        + " %.1f MiB/s (ratio %.2f), throttle %d%%; predicted completion %s; deadline %s",
                maxPass, remaining / 1048576.0, Double.isNaN(slope) ? "n/a" : String.format(Locale.ROOT, "%+.1f MiB/s",
                        slope / 1048576.0), dirty / 1048576.0, bandwidth / 1048576.0, ratio, throttle,
                predicted == null ? "never" : String.format(Locale.ROOT, "in %.0f s", (predicted - now) / 1e6),
                deadline == null ? "unknown" : String.format(Locale.ROOT, "in %.0f s (%d s/GiB x %.2f GiB)",
                        (deadline - now) / 1e6, perGiBUs / 1_000_000, migrationBytes / GIB)));
        if (late) {
            b.append("; will not finish before the deadline");
        }
        if (stuckRatio) {
            b.append("; dirty rate keeps up with the bandwidth and remaining bytes do not shrink");
        }
        return b.toString();
    }

    /** The model as state, with the migration's identity (the settings depend on its cluster and platform). */
    public io.migscope.avro.state.ConvergenceState toState(String vm, String cluster, io.migscope.avro.Platform platform) {
        java.util.List<io.migscope.avro.state.TrendPoint> trend = new java.util.ArrayList<>();
        int n = Math.min(trendSize, TREND_POINTS);
        for (int k = trendSize - n; k < trendSize; k++) {
            int i = k % TREND_POINTS;
            trend.add(new io.migscope.avro.state.TrendPoint(trendPass[i], trendTimeUs[i], trendRemaining[i]));
        }
        return io.migscope.avro.state.ConvergenceState.newBuilder().setVm(vm).setCluster(cluster).setPlatform(platform)
                .setStartUs(startUs).setMigrationBytes(migrationBytes).setPerGibUs(perGiBUs)
                .setProgressTimeoutUs(progressTimeoutUs).setDowntimeLimitMs(downtimeLimitMs)
                .setAutoConverge(autoConverge).setThrottleIncrement(throttleIncrement).setMaxThrottle(maxThrottle)
                .setBandwidth(bandwidth).setDirty(dirty).setThrottle(throttle).setMaxPass(maxPass).setSamples(samples)
                .setLastSampleUs(lastSampleUs).setWatermark(watermark).setLastProgressUs(lastProgressUs)
                .setStale(stale).setTrend(trend).build();
    }

    public static ConvergenceModel fromState(io.migscope.avro.state.ConvergenceState s, ConvergenceSettings settings) {
        ConvergenceModel m = new ConvergenceModel(settings);
        m.startUs = s.getStartUs();
        m.migrationBytes = s.getMigrationBytes();
        m.perGiBUs = s.getPerGibUs();
        m.progressTimeoutUs = s.getProgressTimeoutUs();
        m.downtimeLimitMs = s.getDowntimeLimitMs();
        m.autoConverge = s.getAutoConverge();
        m.throttleIncrement = s.getThrottleIncrement();
        m.maxThrottle = s.getMaxThrottle();
        m.bandwidth = s.getBandwidth();
        m.dirty = s.getDirty();
        m.throttle = s.getThrottle();
        m.maxPass = s.getMaxPass();
        m.samples = s.getSamples();
        m.lastSampleUs = s.getLastSampleUs();
        m.watermark = s.getWatermark();
        m.lastProgressUs = s.getLastProgressUs();
        m.stale = s.getStale();
        m.trendSize = s.getTrend().size();
        for (int i = 0; i < s.getTrend().size(); i++) {
            io.migscope.avro.state.TrendPoint p = s.getTrend().get(i);
            m.trendPass[i] = p.getPass();
            m.trendTimeUs[i] = p.getTimeUs();
            m.trendRemaining[i] = p.getRemaining();
        }
        return m;
    }
}
