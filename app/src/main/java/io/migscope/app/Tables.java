package io.migscope.app;

import io.migscope.avro.MigrationSummary;
import java.util.Locale;

/** Text tables for people: one line per migration, observed blackout next to reported downtime. */
public final class Tables {
    public static final String SUMMARY_HEADER = String.format(Locale.ROOT,
            "%-26s %-9s %-6s %-10s %9s %10s %10s %10s %5s %9s  %s", "MIGRATION", "VM", "FLAVOR", "OUTCOME",
            "TIME s", "BLACKOUT", "REPORTED", "BROWNOUT", "PASS", "MB", "ALERTS");

    private Tables() {
    }

    public static String summaryLine(MigrationSummary s) {
        return String.format(Locale.ROOT, "%-26s %-9s %-6s %-10s %9s %10s %10s %10s %5d %9s  %s",
                s.getMigrationId(), s.getVm(), orDash(s.getFlavor()), s.getOutcome(),
                s.getMigrationTimeMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.getMigrationTimeMs() / 1000.0),
                ms(s.getObservedBlackoutMs()), ms(s.getReportedDowntimeMs() == null ? null : s.getReportedDowntimeMs().doubleValue()),
                ms(s.getBrownoutMs()), s.getPasses(),
                s.getHypervisorBytes() == null ? "-" : String.valueOf(s.getHypervisorBytes() / 1_000_000),
                s.getAlerts().isEmpty() ? "" : String.join(",", s.getAlerts()));
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
