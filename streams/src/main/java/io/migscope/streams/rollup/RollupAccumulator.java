package io.migscope.streams.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.migscope.avro.Distribution;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Rollup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds one summary to a rollup. The rollup record itself is the aggregate: counts, plus one DDSketch per metric,
 * so the state is small and a stored aggregate is already the record that goes out.
 */
public final class RollupAccumulator {
    public static final List<String> METRICS = List.of("migration_time_ms", "observed_blackout_ms",
            "reported_downtime_ms", "bytes");

    private RollupAccumulator() {
    }

    /** An empty rollup; the window fields are set when it leaves the window store. */
    public static Rollup empty(String windowLabel) {
        List<Distribution> metrics = new ArrayList<>();
        for (String m : METRICS) {
            metrics.add(distribution(m, Sketches.empty()));
        }
        return Rollup.newBuilder().setWindowStartUs(0L).setWindowEndUs(0L).setWindow(windowLabel)
                .setDimension("").setDimensionValue("").setMetrics(metrics).build();
    }

    public static Rollup add(String key, MigrationSummary s, Rollup agg) {
        Rollup.Builder r = Rollup.newBuilder(agg)
                .setDimension(Dimensions.dimension(key)).setDimensionValue(Dimensions.value(key))
                .setStarted(agg.getStarted() + 1);
        String outcome = s.getOutcome() == null ? "" : s.getOutcome().toString();
        switch (outcome) {
            case "completed" -> r.setCompleted(agg.getCompleted() + 1);
            case "failed" -> r.setFailed(agg.getFailed() + 1);
            // A cancel is an abort the operator asked for: both end a started migration without moving the VM.
            case "aborted", "cancelled" -> r.setAborted(agg.getAborted() + 1);
            default -> { }
        }
        r.setSuccessRate((double) r.getCompleted() / r.getStarted());
        Double[] values = {toDouble(s.getMigrationTimeMs()), s.getObservedBlackoutMs(),
            toDouble(s.getReportedDowntimeMs()), toDouble(s.getHypervisorBytes())};
        List<Distribution> metrics = new ArrayList<>(agg.getMetrics());
        for (int i = 0; i < METRICS.size(); i++) {
            if (values[i] != null && values[i] >= 0) {
                metrics.set(i, with(metrics.get(i), values[i]));
            }
        }
        return r.setMetrics(metrics).build();
    }

    /** A distribution record of {@code sketch}: its count, quantiles, max and encoded bytes. */
    public static Distribution distribution(String metric, DDSketch sketch) {
        return Distribution.newBuilder().setMetric(metric).setCount((long) sketch.getCount())
                .setP50(Sketches.quantile(sketch, 0.50)).setP95(Sketches.quantile(sketch, 0.95))
                .setP99(Sketches.quantile(sketch, 0.99)).setMax(Sketches.max(sketch))
                .setSketch(ByteBuffer.wrap(Sketches.encode(sketch))).build();
    }

    private static Distribution with(Distribution d, double value) {
        DDSketch sketch = Sketches.decode(d.getSketch());
        sketch.accept(value);
        return distribution(d.getMetric().toString(), sketch);
    }

    private static Double toDouble(Long v) {
        return v == null ? null : v.doubleValue();
    }
}
