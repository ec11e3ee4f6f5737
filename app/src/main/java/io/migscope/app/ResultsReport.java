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
        }
    }
}
