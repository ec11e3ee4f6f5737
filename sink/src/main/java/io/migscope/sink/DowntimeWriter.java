package io.migscope.sink;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The latest downtime report per migration: its figures in {@code downtime_reports}, its blackouts in
 * {@code downtime_intervals}, replaced as a whole (an open blackout may close or be revised away).
 */
final class DowntimeWriter implements TableWriter<DowntimeReport> {
    private static final String REPORT_SQL = Upsert.sql("downtime_reports", List.of("run_name", "migration_id"),
            List.of("vm", "interval_us", "probes", "probes_lost", "probes_late", "observed_blackout_ms",
                    "observed_blackout_total_ms", "blackout_count", "reported_downtime_ms", "reported_source",
                    "rtt_baseline_us", "rtt_peak_after_resume_us", "brownout_ms", "final", "guest_baseline_ms_per_gb",
                    "guest_slowdown_max_ms_per_gb"),
            true, null);
    private static final String DELETE_SQL =
            "DELETE FROM downtime_intervals WHERE run_name = ? AND migration_id = ANY (?)";
    private static final String INTERVAL_SQL = Upsert.insert("downtime_intervals", List.of("run_name",
            "migration_id", "last_reply_us", "first_reply_us", "lost_probes", "estimate_ms", "lower_ms", "upper_ms",
            "open"));

    @Override
    public Class<DowntimeReport> type() {
        return DowntimeReport.class;
    }

    @Override
    public String key(DowntimeReport d) {
        return d.getMigrationId();
    }

    @Override
    public void write(Connection connection, String runName, List<DowntimeReport> values) throws SQLException {
        upsertReports(connection, runName, values);
        try (PreparedStatement delete = connection.prepareStatement(DELETE_SQL)) {
            new Params(delete).text(runName)
                    .textArray(values.stream().map(DowntimeReport::getMigrationId).toList());
            delete.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement(INTERVAL_SQL)) {
            for (DowntimeReport d : values) {
                for (Blackout b : d.getBlackouts()) {
                    new Params(ps).text(runName).text(d.getMigrationId()).int8(b.getLastReplyUs())
                            .int8(b.getFirstReplyUs()).int4(b.getLostProbes()).float8(b.getEstimateMs())
                            .float8(b.getLowerMs()).float8(b.getUpperMs()).bool(b.getOpen());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void upsertReports(Connection c, String runName, List<DowntimeReport> values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REPORT_SQL)) {
            for (DowntimeReport d : values) {
                new Params(ps).text(runName).text(d.getMigrationId())
                        .text(d.getVm()).int8(d.getIntervalUs()).int8(d.getProbes()).int8(d.getProbesLost())
                        .int8(d.getProbesLate()).float8(d.getObservedBlackoutMs())
                        .float8(d.getObservedBlackoutTotalMs()).int4(d.getBlackoutCount())
                        .int8(d.getReportedDowntimeMs()).text(d.getReportedSource()).int8(d.getRttBaselineUs())
                        .int8(d.getRttPeakAfterResumeUs()).float8(d.getBrownoutMs()).bool(d.getFinal$())
                        .float8(d.getGuestBaselineMsPerGb()).float8(d.getGuestSlowdownMaxMsPerGb());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
