package io.migscope.producers.simulator;

/**
 * A simple pre-copy model. Pass i sends the remaining set at the link bandwidth B while the guest dirties D bytes/s,
 * so the next remaining set is min(working set, D * duration of pass i). QEMU switches over once remaining / B is
 * within the downtime limit; the pause is that transfer plus the device state. With D close to B the remaining set
 * never shrinks and the platform aborts it at its deadline. Hybrid mode (seed 001) makes one pre-copy pass, then
 * switches to post-copy and pulls the dirtied pages once, more slowly.
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
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            tr.addPass(t, remaining);
            if (remaining < lowest) {
                // KubeVirt counts progress only when the remaining data goes below its lowest value so far.
                lowest = remaining;
                lastProgressUs = t;
            }
            if (!in.postCopy() && pass > 1 && in.sendUs(remaining) <= in.downtimeLimitUs()) {
                switchover(tr, in, t, remaining);
                return tr;
            }
            long duration = in.sendUs(remaining) + (pass == 1 ? in.zeroScanUs() : 0);
            long abortAt = abortTime(in, lastProgressUs);
            if (!in.postCopy() && t + duration > abortAt) {
                abort(tr, in, t, duration, remaining, abortAt, lastProgressUs);
                return tr;
            }
            tr.addSegment(t, t + duration, remaining);
            t += duration;
            long dirtied = Math.min(in.workingSetBytes(), Math.round(in.dirtyRateBytesPerSec() * (duration / 1e6)));
            if (in.postCopy()) {
                postCopy(tr, in, t, dirtied);
                return tr;
            }
            remaining = dirtied;
        }
        throw new IllegalStateException("pre-copy model did not end after " + MAX_PASSES + " passes: " + in);
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
