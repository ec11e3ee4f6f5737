package io.migscope.app.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario's figures. Rates are derived from the counts and the seconds, so a table and its JSON can never
 * disagree. Figures that do not apply stay null; {@code samples} is null where the scenario handles no probes.
 *
 * @param records    Kafka records (or lines, rows) the scenario moved
 * @param samples    probes inside those records: the unit of the targets (10,000 VMs at 10 Hz = 100k samples/s)
 * @param heapPeakMb peak heap of this (the bench) JVM during the scenario
 * @param figures    the scenario's own figures, in the JSON under these names (summaries, streams_heap_peak_mb, ...)
 */
public record BenchResult(String name, long records, Long samples, double seconds, Double ratioToKafkaBaseline,
                          Double latencyP50Ms, Double latencyP99Ms, Double heapPeakMb, Map<String, Object> figures,
                          String note) {

    public BenchResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    static BenchResult of(String name, long records, Long samples, double seconds) {
        return new BenchResult(name, records, samples, seconds, null, null, null, HeapPeak.mb(), Map.of(), null);
    }

    public double recordsPerSec() {
        return records / seconds;
    }

    public Double samplesPerSec() {
        return samples == null ? null : samples / seconds;
    }

    BenchResult ratio(Double ratio) {
        return new BenchResult(name, records, samples, seconds, ratio, latencyP50Ms, latencyP99Ms, heapPeakMb, figures,
                note);
    }

    BenchResult latency(Double p50Ms, Double p99Ms) {
        return new BenchResult(name, records, samples, seconds, ratioToKafkaBaseline, p50Ms, p99Ms, heapPeakMb, figures,
                note);
    }

    BenchResult heap(Double mb) {
        return new BenchResult(name, records, samples, seconds, ratioToKafkaBaseline, latencyP50Ms, latencyP99Ms, mb,
                figures, note);
    }

    /** This result with one more figure ({@code value} a number, a boolean or a string). */
    BenchResult figure(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(figures);
        more.put(key, value);
        return new BenchResult(name, records, samples, seconds, ratioToKafkaBaseline, latencyP50Ms, latencyP99Ms,
                heapPeakMb, more, note);
    }

    BenchResult figures(Map<String, ?> values) {
        BenchResult r = this;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            r = r.figure(e.getKey(), e.getValue());
        }
        return r;
    }

    BenchResult note(String text) {
        return new BenchResult(name, records, samples, seconds, ratioToKafkaBaseline, latencyP50Ms, latencyP99Ms,
                heapPeakMb, figures, text);
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
