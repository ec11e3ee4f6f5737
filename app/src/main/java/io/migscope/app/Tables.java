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

    /** "24 migrations ended: 23 completed, 1 aborted". */
    public static String outcomeCounts(java.util.Collection<MigrationSummary> ended) {
        java.util.Map<String, Long> byOutcome = new java.util.TreeMap<>();
        ended.forEach(s -> byOutcome.merge(s.getOutcome(), 1L, Long::sum));
        StringBuilder sb = new StringBuilder(ended.size() + " migrations ended");
        String sep = ": ";
        for (var e : byOutcome.entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return sb.toString();
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
