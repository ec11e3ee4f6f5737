package io.migscope.app.replay;

import io.migscope.avro.MigrationSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The replay's results for people: one row per migration. */
public final class ReplayTable {
    private static final String ROW = "%-28s %-12s %-10s %9s %12s %12s %6s  %s%n";

    private ReplayTable() {
    }

    public static void print(List<MigrationSummary> summaries, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, ROW, "MIGRATION", "VM", "OUTCOME", "TIME s", "BLACKOUT ms", "REPORTED ms", "PASSES",
                "ALERTS");
        for (MigrationSummary s : summaries) {
            out.printf(Locale.ROOT, ROW, s.getMigrationId(), s.getVm(), s.getOutcome(),
                    s.getMigrationTimeMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.getMigrationTimeMs() / 1000.0),
                    s.getObservedBlackoutMs() == null ? "-" : String.format(Locale.ROOT, "%.0f", s.getObservedBlackoutMs()),
                    s.getReportedDowntimeMs() == null ? "-" : s.getReportedDowntimeMs().toString(), s.getPasses(),
                    s.getAlerts().isEmpty() ? "-" : String.join(",", s.getAlerts()));
        }
        if (summaries.isEmpty()) {
            out.println("(no migration ended in this run)");
        }
        out.println();
    }
}
