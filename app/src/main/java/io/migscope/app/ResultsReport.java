package io.migscope.app;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Reads a run's results back from PostgreSQL, the way a dashboard would, and prints them for people. */
public final class ResultsReport {
    private static final String PER_OUTCOME = """
            SELECT outcome, count(*) AS n,
                   round(avg(migration_time_ms) / 1000.0, 1) AS avg_time_s,
                   round(percentile_cont(0.95) WITHIN GROUP (ORDER BY observed_blackout_ms)::numeric, 0) AS p95_blackout_ms,
                   round(percentile_cont(0.95) WITHIN GROUP (ORDER BY reported_downtime_ms)::numeric, 0) AS p95_reported_ms,
                   round(avg(queue_wait_ms) / 1000.0, 1) AS avg_queue_s
              FROM migrations
             WHERE run_name = ? AND migration_id LIKE ?
             GROUP BY outcome ORDER BY outcome""";
    private static final String ALERTS = """
            SELECT kind, count(*) FROM alerts WHERE run_name = ? AND migration_id LIKE ? GROUP BY kind ORDER BY kind""";

    private static final String ROLLUPS = """
            SELECT r.dimension, r.dimension_value, r.started, r.completed, r.aborted,
                   round(m.p50::numeric, 0), round(m.p95::numeric, 0), round(m.p99::numeric, 0), round(m.max::numeric, 0)
              FROM rollups r JOIN rollup_metrics m USING (run_name, "window", window_start_us, dimension, dimension_value)
             WHERE r.run_name = ? AND r."window" = '1h' AND m.metric = 'observed_blackout_ms'
               AND r.dimension IN ('fleet', 'flavor', 'outcome')
               AND r.window_start_us = (SELECT max(window_start_us) FROM rollups WHERE run_name = ? AND "window" = '1h')
             ORDER BY r.dimension, r.dimension_value""";
    private static final String WAVES = """
            SELECT wave_id, vms, round(duration_min::numeric, 1), round(seconds_per_vm::numeric, 1), peak_in_flight,
                   cluster_limit, round((queue_wait_p95_ms / 1000.0)::numeric, 1), verdict
              FROM wave_report WHERE run_name = ? AND wave_id LIKE ? ORDER BY wave_id""";

    private ResultsReport() {
    }

    /** Prints per-outcome figures and alert counts of the migrations whose id starts with {@code idPrefix}. */
    public static void print(DataSource db, String runName, String idPrefix, PrintStream out) throws SQLException {
        try (Connection c = db.getConnection()) {
            out.println();
            out.println("Results in PostgreSQL (table migrations, run_name '" + runName + "', ids " + idPrefix + "*):");
            out.printf(Locale.ROOT, "  %-10s %5s %11s %16s %16s %12s%n", "OUTCOME", "N", "AVG TIME s",
                    "P95 BLACKOUT ms", "P95 REPORTED ms", "AVG QUEUE s");
            int rows = 0;
            try (PreparedStatement st = c.prepareStatement(PER_OUTCOME)) {
                st.setString(1, runName);
                st.setString(2, idPrefix + "%");
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        out.printf(Locale.ROOT, "  %-10s %5d %11s %16s %16s %12s%n", rs.getString(1), rs.getLong(2),
                                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                    }
                }
            }
            if (rows == 0) {
                out.println("  (no migration ended during this run)");
            }
            try (PreparedStatement st = c.prepareStatement(ALERTS)) {
                st.setString(1, runName);
                st.setString(2, idPrefix + "%");
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.printf(Locale.ROOT, "  alerts %-20s %d%n", rs.getString(1), rs.getLong(2));
                    }
                }
            }
            rollups(c, runName, out);
            waves(c, runName, idPrefix, out);
        }
    }

    /** The latest hour's fleet rollup (tables rollups and rollup_metrics): observed blackout percentiles. */
    private static void rollups(Connection c, String runName, PrintStream out) throws SQLException {
        out.println();
        out.println("Fleet rollup, this hour (tables rollups + rollup_metrics, DDSketch), observed blackout ms:");
        out.printf(Locale.ROOT, "  %-22s %7s %9s %7s %7s %7s %7s %7s%n", "DIMENSION", "STARTED", "COMPLETED",
                "ABORTED", "P50", "P95", "P99", "MAX");
        try (PreparedStatement st = c.prepareStatement(ROLLUPS)) {
            st.setString(1, runName);
            st.setString(2, runName);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.printf(Locale.ROOT, "  %-22s %7d %9d %7d %7s %7s %7s %7s%n",
                            rs.getString(1) + "=" + rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                }
            }
        }
    }

    /** Each wave's pace and what bounded it (view wave_report). */
    private static void waves(Connection c, String runName, String idPrefix, PrintStream out) throws SQLException {
        out.println();
        out.println("Waves (view wave_report):");
        try (PreparedStatement st = c.prepareStatement(WAVES)) {
            st.setString(1, runName);
            st.setString(2, idPrefix + "%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.printf(Locale.ROOT, "  %s: %d VMs in %s min (%s s per VM), peak %d in flight (limit %s),"
                                    + " p95 queue %s s%n    %s%n", rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8));
                }
            }
        }
    }
}
