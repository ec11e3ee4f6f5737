package io.migscope.producers.simulator;

/**
 * A simple pre-copy model. Pass i sends the remaining set at the link bandwidth B while the guest dirties D bytes/s,
 * so the next remaining set is min(working set, D * duration of pass i). When the platform stops pre-copying is its
 * {@link ModelInput.StopRule}: QEMU switches over once remaining / B is within the downtime limit, libxc after a
 * quiet pass, 30 passes or 3x the RAM sent, vMotion once remaining / B is within its switchover target. The pause is
 * that last transfer plus the device state. QEMU's auto-converge and vMotion's SDPS lower D while they act. With D
 * close to B and no brake the remaining set never shrinks and the platform aborts it at its deadline. Hybrid mode
 * (seed 001) makes one pre-copy pass, then switches to post-copy and pulls the dirtied pages once, more slowly.
 */
final class PrecopyModel {
    /** KubeVirt polls the job statistics every 400 ms, so an abort lands on the next poll after the deadline. */
    static final long POLL_US = 400_000;
    /** Demand paging over the network is slower than streaming: seed 001 tables 3/4 fit 80 % of the link. */
    static final double POSTCOPY_EFFICIENCY = 0.8;
    /** QEMU reports completed a moment after the destination resumes. */
    static final long COMPLETE_LAG_US = 2_000;
    /** cancelling to cancelled. */
    static final long CANCEL_LAG_US = 50_000;
    /**
     * QEMU's auto-converge defaults (qapi/migration.json): cpu-throttle-initial 20, cpu-throttle-increment 10,
     * max-cpu-throttle 99; migration/ram.c raises the throttle when a sync finds more dirtied than half of what the
     * period sent (throttle-trigger-threshold 50) for the second time.
     */
    static final int THROTTLE_INITIAL = 20;
    static final int THROTTLE_INCREMENT = 10;
    static final int THROTTLE_MAX = 99;
    static final double THROTTLE_TRIGGER = 0.5;
    private static final int MAX_PASSES = 100_000;

    private PrecopyModel() {
    }

    static Trajectory run(ModelInput in) {
        Trajectory tr = new Trajectory();
        tr.activeUs = in.setupUs();
        long t = in.setupUs();
        long remaining = in.initialBytes();
        long lowest = Long.MAX_VALUE;
        long lastProgressUs = t;
        long sentTotal = 0;
        long sentLast = Long.MAX_VALUE;
        int throttle = 0;
        int dirtyHigh = 0;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            tr.addPass(t, remaining, throttle);
            if (remaining < lowest) {
                // KubeVirt counts progress only when the remaining data goes below its lowest value so far.
                lowest = remaining;
                lastProgressUs = t;
            }
            if (!in.postCopy() && pass > 1 && stop(in, pass, remaining, sentLast, sentTotal)) {
                switchover(tr, in, t, remaining);
                return tr;
            }
            long duration = in.sendUs(remaining) + (pass == 1 ? in.zeroScanUs() : 0);
            long abortAt = abortTime(in, lastProgressUs);
            if (!in.postCopy() && in.rule() == ModelInput.StopRule.DOWNTIME_LIMIT && t + duration > abortAt) {
                abort(tr, in, t, duration, remaining, abortAt, lastProgressUs);
                return tr;
            }
            tr.addSegment(t, t + duration, remaining);
            t += duration;
            sentTotal += remaining;
            sentLast = remaining;
            long dirtied = Math.min(in.workingSetBytes(),
                Math.round(in.effectiveDirtyRate(throttle) * (duration / 1e6)));
            if (in.postCopy()) {
                postCopy(tr, in, t, dirtied);
                return tr;
            }
            if (in.autoConverge() && dirtied > THROTTLE_TRIGGER * remaining && ++dirtyHigh >= 2) {
                dirtyHigh = 0;
                throttle = throttle == 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, throttle + THROTTLE_INCREMENT);
            }
            remaining = dirtied;
        }
        throw new IllegalStateException("pre-copy model did not end after " + MAX_PASSES + " passes: " + in);
    }

    /** Whether the platform pauses the guest now, with {@code remaining} still to send. */
    private static boolean stop(ModelInput in, int pass, long remaining, long sentLast, long sentTotal) {
        return switch (in.rule()) {
            case DOWNTIME_LIMIT -> in.sendUs(remaining) <= in.downtimeLimitUs();
            case XEN_LEGACY -> sentLast < PlatformModels.XEN_QUIET_PASS_BYTES || pass > PlatformModels.XEN_MAX_ITERS
                || sentTotal > PlatformModels.XEN_MAX_FACTOR * in.totalBytes();
            case VMOTION -> in.sendUs(remaining) <= in.switchoverTargetUs();
        };
    }

    private static long abortTime(ModelInput in, long lastProgressUs) {
        long deadline = Math.min(in.completionTimeoutUs(), lastProgressUs + in.progressTimeoutUs());
        return (deadline + POLL_US - 1) / POLL_US * POLL_US;
    }

    private static void switchover(Trajectory tr, ModelInput in, long t, long remaining) {
        long copyUs = in.sendUs(remaining);
        tr.addSegment(t, t + copyUs, remaining);
        tr.stopUs = t;
        tr.finalSyncBytes = remaining;
        tr.downtimeUs = copyUs + in.deviceStateUs();
        tr.resumeUs = t + tr.downtimeUs;
        tr.endUs = tr.resumeUs + COMPLETE_LAG_US;
        tr.outcome = Trajectory.Outcome.COMPLETED;
    }

    private static void postCopy(Trajectory tr, ModelInput in, long t, long dirtied) {
        tr.postcopySwitchUs = t;
        tr.stopUs = t;
        tr.downtimeUs = in.deviceStateUs();
        tr.resumeUs = t + tr.downtimeUs;
        long pullUs = Math.round(in.sendUs(dirtied) / POSTCOPY_EFFICIENCY);
        tr.addSegment(tr.resumeUs, tr.resumeUs + pullUs, dirtied);
        tr.postcopyBytes = dirtied;
        tr.endUs = tr.resumeUs + pullUs + COMPLETE_LAG_US;
        tr.outcome = Trajectory.Outcome.COMPLETED;
    }

    private static void abort(Trajectory tr, ModelInput in, long t, long duration, long remaining, long abortAt,
                              long lastProgressUs) {
        long partial = Math.round((double) remaining * (abortAt - t) / duration);
        tr.addSegment(t, abortAt, Math.min(remaining, Math.max(0, partial)));
        boolean completionFirst = in.completionTimeoutUs() <= lastProgressUs + in.progressTimeoutUs();
        tr.abortReason = completionFirst
            ? "completion timeout: not done after " + in.completionTimeoutUs() / 1_000_000 + " s"
            : "progress timeout: no progress for " + in.progressTimeoutUs() / 1_000_000 + " s";
        tr.endUs = abortAt + CANCEL_LAG_US;
        tr.outcome = Trajectory.Outcome.ABORTED;
    }
}
