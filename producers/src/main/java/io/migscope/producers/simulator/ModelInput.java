package io.migscope.producers.simulator;

/**
 * What the pre-copy model needs to know about one migration. Sizes in bytes, rates in bytes/s, times in
 * microseconds relative to the migration's start (STATUS setup).
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
        long progressTimeoutUs) {

    long sendUs(long bytes) {
        return Math.round(bytes * 1e6 / bandwidthBytesPerSec);
    }
}
