package io.migscope.streams.convergence;

/**
 * The model's view after one progress sample.
 *
 * @param timeUs                event time of the sample
 * @param pass                  highest pass seen (0 when the source has no pass numbers)
 * @param remainingBytes        remaining bytes now
 * @param dirtyRateBytesPerSec  EWMA of the dirty rate
 * @param bandwidthBytesPerSec  EWMA of the bandwidth
 * @param ratio                 dirty / bandwidth (NaN until both are known)
 * @param trendBytesPerSec      least-squares slope of remaining bytes at pass starts (NaN with fewer than 3)
 * @param throttlePercent       auto-converge throttle now
 * @param predictedCompletionUs when pre-copy should finish, or null when it never will at these rates
 * @param deadlineUs            the platform's completion deadline (start + per-GiB x GiB), or null if unknown
 * @param progressDeadlineUs    last progress + progress timeout, or null when disabled
 * @param lastProgressUs        when remaining bytes last hit a new low
 * @param nonConverging         the verdict of this evaluation (the alert tracker adds hysteresis)
 * @param evidence              the numbers behind the verdict, for people
 */
public record Assessment(long timeUs, long pass, long remainingBytes, double dirtyRateBytesPerSec,
                         double bandwidthBytesPerSec, double ratio, double trendBytesPerSec, int throttlePercent,
                         Long predictedCompletionUs, Long deadlineUs, Long progressDeadlineUs, long lastProgressUs,
                         boolean nonConverging, String evidence) {

    /** The earlier of the two deadlines, or null. */
    public Long effectiveDeadlineUs() {
        if (deadlineUs == null) {
            return progressDeadlineUs;
        }
        return progressDeadlineUs == null ? deadlineUs : Math.min(deadlineUs, progressDeadlineUs);
    }

    /** Seconds from this sample to the effective deadline (negative once passed), or null. */
    public Double secondsLeft() {
        Long d = effectiveDeadlineUs();
        return d == null ? null : (d - timeUs) / 1e6;
    }
}
