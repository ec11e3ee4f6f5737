package io.migscope.producers.simulator;

/**
 * What the pre-copy model needs to know about one migration. Sizes in bytes, rates in bytes/s, times in
 * microseconds relative to the migration's start (STATUS setup).
 *
 * @param rule               when the platform stops pre-copying and pauses the guest for the last copy
 * @param autoConverge       QEMU's auto-converge: throttle the guest's vCPUs while it dirties too fast
 * @param switchoverTargetUs the pause vMotion aims for (rule VMOTION); 0 otherwise
 * @param sdpsDirtyShare     vMotion's SDPS: the share of the link the guest may dirty once it dirties faster than
 *                           the link (rule VMOTION); 0 otherwise
 */
record ModelInput(
        long totalBytes,
        long initialBytes,
        long workingSetBytes,
        long dirtyRateBytesPerSec,
        long bandwidthBytesPerSec,
        long downtimeLimitUs,
        long setupUs,
        long zeroScanUs,
        long deviceStateUs,
        boolean postCopy,
        long completionTimeoutUs,
        long progressTimeoutUs,
        StopRule rule,
        boolean autoConverge,
        long switchoverTargetUs,
        double sdpsDirtyShare) {

    /** How a platform decides that pre-copy is done. */
    enum StopRule {
        /** QEMU: when what is left can be sent within downtime-limit. */
        DOWNTIME_LIMIT,
        /** libxc's legacy save loop (XenServer): a quiet pass, 30 passes, or 3x the RAM sent, whatever is left. */
        XEN_LEGACY,
        /** vMotion: when what is left can be sent within its switchover target. */
        VMOTION
    }

    long sendUs(long bytes) {
        return Math.round(bytes * 1e6 / bandwidthBytesPerSec);
    }

    /**
     * The rate at which the guest dirties memory while pre-copy runs, after the platform's own brake: QEMU's
     * auto-converge runs the vCPUs only (100 - throttle) % of the time; vMotion's SDPS puts them to sleep while they
     * dirty faster than the link.
     */
    long effectiveDirtyRate(int throttlePercent) {
        double rate = dirtyRateBytesPerSec * (100 - throttlePercent) / 100.0;
        if (rule == StopRule.VMOTION && rate > bandwidthBytesPerSec) {
            rate = bandwidthBytesPerSec * sdpsDirtyShare;
        }
        return Math.round(rate);
    }
}
