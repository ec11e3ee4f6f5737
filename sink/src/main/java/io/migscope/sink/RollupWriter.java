package io.migscope.sink;

import io.migscope.avro.Distribution;
import io.migscope.avro.Rollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** One row per window and dimension value in {@code rollups}, one per metric in {@code rollup_metrics}. */
final class RollupWriter implements TableWriter<Rollup> {
    private static final List<String> KEY =
            List.of("run_name", "\"window\"", "window_start_us", "dimension", "dimension_value");
    private static final String ROLLUP_SQL = Upsert.sql("rollups", KEY,
            List.of("window_end_us", "started", "completed", "failed", "aborted", "success_rate"), true, null);
    private static final String METRIC_SQL = Upsert.sql("rollup_metrics",
            List.of("run_name", "\"window\"", "window_start_us", "dimension", "dimension_value", "metric"),
            List.of("count", "p50", "p95", "p99", "max", "sketch"), false, null);

    @Override
    public Class<Rollup> type() {
        return Rollup.class;
    }

    @Override
    public String key(Rollup r) {
        return r.getWindow() + '|' + r.getWindowStartUs() + '|' + r.getDimension() + '|' + r.getDimensionValue();
    }

    @Override
    public void write(Connection connection, String runName, List<Rollup> values) throws SQLException {
        try (PreparedStatement rollups = connection.prepareStatement(ROLLUP_SQL);
                PreparedStatement metrics = connection.prepareStatement(METRIC_SQL)) {
            for (Rollup r : values) {
                key(new Params(rollups), runName, r)
                        .int8(r.getWindowEndUs()).int8(r.getStarted()).int8(r.getCompleted())
                        .int8(r.getFailed()).int8(r.getAborted()).float8(r.getSuccessRate());
                rollups.addBatch();
                for (Distribution d : r.getMetrics()) {
                    key(new Params(metrics), runName, r).text(d.getMetric())
                            .int8(d.getCount()).float8(d.getP50()).float8(d.getP95()).float8(d.getP99())
                            .float8(d.getMax()).bytes(d.getSketch());
                    metrics.addBatch();
                }
            }
            // Parents first: rollup_metrics references rollups.
            rollups.executeBatch();
            metrics.executeBatch();
        }
    }

    private static Params key(Params params, String runName, Rollup r) throws SQLException {
        return params.text(runName).text(r.getWindow()).int8(r.getWindowStartUs())
                .text(r.getDimension()).text(r.getDimensionValue());
    }
}
