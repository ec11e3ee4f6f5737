package io.migscope.app.bench;

/**
 * One scenario's figures; those that do not apply stay null and are left out of the JSON.
 *
 * @param heapPeakMb peak heap of this JVM during the scenario
 */
public record BenchResult(String name, long records, double seconds, Double recordsPerSec, Double ratioToKafkaBaseline,
                          Double latencyP50Ms, Double latencyP99Ms, Double heapPeakMb, String note) {

    static BenchResult of(String name, long records, double seconds) {
        return new BenchResult(name, records, seconds, records / seconds, null, null, null, HeapPeak.mb(), null);
    }

    BenchResult note(String text) {
        return new BenchResult(name, records, seconds, recordsPerSec, ratioToKafkaBaseline, latencyP50Ms, latencyP99Ms,
                heapPeakMb, text);
    }
}
