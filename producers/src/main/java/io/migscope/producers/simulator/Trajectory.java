package io.migscope.producers.simulator;

import java.util.Arrays;

/**
 * The physical course of one migration, as offsets in microseconds from its start (STATUS setup): the pre-copy
 * passes, the byte segments on the wire, and how it ended. Built by {@link PrecopyModel}; never changed after.
 */
final class Trajectory {
    enum Outcome { COMPLETED, ABORTED }

    private long[] passStart = new long[8];
    private long[] passRemaining = new long[8];
    private int[] passThrottle = new int[8];
    private int passes;
    private long[] segStart = new long[8];
    private long[] segEnd = new long[8];
    private long[] segBytes = new long[8];
    private int segments;

    long activeUs;
    Outcome outcome;
    /** STOP on the source; -1 when aborted. */
    long stopUs = -1;
    /** RESUME on the destination; -1 when aborted. */
    long resumeUs = -1;
    /** POSTCOPY_SWITCH; -1 unless hybrid. */
    long postcopySwitchUs = -1;
    /** The final STATUS (completed or cancelled). */
    long endUs;
    long downtimeUs;
    long finalSyncBytes;
    long postcopyBytes;
    String abortReason;

    /** A pass starts at startUs with remainingBytes to send, the guest throttled by throttlePercent meanwhile. */
    void addPass(long startUs, long remainingBytes, int throttlePercent) {
        if (passes == passStart.length) {
            passStart = Arrays.copyOf(passStart, passes * 2);
            passRemaining = Arrays.copyOf(passRemaining, passes * 2);
            passThrottle = Arrays.copyOf(passThrottle, passes * 2);
        }
        passStart[passes] = startUs;
        passRemaining[passes] = remainingBytes;
        passThrottle[passes] = throttlePercent;
        passes++;
    }

    void addSegment(long startUs, long endUs, long bytes) {
        if (segments == segStart.length) {
            segStart = Arrays.copyOf(segStart, segments * 2);
            segEnd = Arrays.copyOf(segEnd, segments * 2);
            segBytes = Arrays.copyOf(segBytes, segments * 2);
        }
        segStart[segments] = startUs;
        segEnd[segments] = Math.max(endUs, startUs + 1);
        segBytes[segments] = bytes;
        segments++;
    }

    int passes() {
        return passes;
    }

    long passStartUs(int i) {
        return passStart[i];
    }

    long passRemainingBytes(int i) {
        return passRemaining[i];
    }

    /** QEMU's auto-converge throttle during pass i, percent (0 when it does not act). */
    int passThrottlePercent(int i) {
        return passThrottle[i];
    }

    /** When the last byte leaves the source. */
    long transferEndUs() {
        return segments == 0 ? activeUs : segEnd[segments - 1];
    }

    long totalBytes() {
        return bytesSentBy(Long.MAX_VALUE);
    }

    /** Bytes on the wire from the start up to offset t; segments send at a constant rate. Monotone in t. */
    long bytesSentBy(long t) {
        long sum = 0;
        for (int i = 0; i < segments; i++) {
            if (t >= segEnd[i]) {
                sum += segBytes[i];
            } else if (t > segStart[i]) {
                sum += (long) ((double) segBytes[i] * (t - segStart[i]) / (segEnd[i] - segStart[i]));
            } else {
                break;
            }
        }
        return sum;
    }
}
