package io.migscope.app.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict on one scenario: {@code ALL-RECORDS-DELIVERED} when the outputs equal the clean run's (nothing lost,
 * duplicated or different), the dead letters are exactly the ones the scenario injected, and nothing failed;
 * otherwise {@code FAILURE} with the differences (the first {@value #MAX_LISTED}).
 */
public record ChaosReport(String scenario, long recordsIn, long lost, long duplicated, long mismatched, long dlq,
                          long dlqExpected, String result, List<String> differences, List<String> notes,
                          List<String> deadLetters, String error) {
    public static final String DELIVERED = "ALL-RECORDS-DELIVERED";
    public static final String FAILURE = "FAILURE";
    static final int MAX_LISTED = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static ChaosReport of(String scenario, RunOutputs reference, ChaosRun.Outcome run) {
        OutputComparison.Result cmp = OutputComparison.compare(reference, run.outputs());
        long dlq = run.outputs().deadLetters().size() - reference.deadLetters().size();
        // A disturbance must never make good records late: only the injected late records may be.
        long late = late(run.outputs()) - late(reference);
        boolean ok = cmp.clean() && dlq == run.expectedDeadLetters() && late == run.expectedLate()
                && run.error() == null;
        List<String> diffs = new ArrayList<>();
        cmp.differences().stream().limit(MAX_LISTED).forEach(d -> diffs.add(d.toString()));
        if (cmp.differences().size() > MAX_LISTED) {
            diffs.add("... and " + (cmp.differences().size() - MAX_LISTED) + " more");
        }
        if (dlq != run.expectedDeadLetters()) {
            diffs.add("dead letters: " + dlq + " where " + run.expectedDeadLetters() + " were expected");
        }
        if (late != run.expectedLate()) {
            diffs.add("late dead letters: " + late + " more than the clean run, where " + run.expectedLate()
                    + " were injected");
        }
        List<String> letters = run.outputs().deadLetters().stream().limit(5L * MAX_LISTED).toList();
        return new ChaosReport(scenario, run.recordsIn(), cmp.lost(), cmp.duplicated(), cmp.mismatched(), dlq,
                run.expectedDeadLetters(), ok ? DELIVERED : FAILURE, diffs, run.notes(), letters, run.error());
    }

    private static long late(RunOutputs outputs) {
        return outputs.deadLetters().stream().filter(d -> d.startsWith("late:")).count();
    }

    public boolean delivered() {
        return DELIVERED.equals(result);
    }

    public static void print(List<ChaosReport> reports, PrintStream out) {
        String row = "%-18s %10s %6s %10s %10s %9s  %s%n";
        out.printf(Locale.ROOT, row, "SCENARIO", "RECORDS_IN", "LOST", "DUPLICATED", "MISMATCHED", "DLQ", "RESULT");
        for (ChaosReport r : reports) {
            out.printf(Locale.ROOT, row, r.scenario(), r.recordsIn(), r.lost(), r.duplicated(), r.mismatched(),
                    r.dlq() + "/" + r.dlqExpected(), r.result());
        }
        for (ChaosReport r : reports) {
            if (!r.notes().isEmpty() || !r.differences().isEmpty() || r.error() != null) {
                out.println();
                out.println(r.scenario() + ":");
                r.notes().forEach(n -> out.println("  " + n));
                if (r.error() != null) {
                    out.println("  ERROR " + r.error());
                }
                r.differences().forEach(d -> out.println("  DIFF " + d));
            }
        }
    }

    public static void writeJson(List<ChaosReport> reports, Path file) throws IOException {
        JSON.writeValue(file.toFile(), reports);
    }
}
