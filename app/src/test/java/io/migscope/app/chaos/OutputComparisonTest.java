package io.migscope.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier must be able to say FAILURE: a doctored output set with one record dropped, one doubled, one altered. */
class OutputComparisonTest {

    @Test
    void identicalOutputsAreDelivered() {
        ChaosReport r = ChaosReport.of("same", reference(), outcome(reference(), 0));
        assertThat(r.result()).isEqualTo(ChaosReport.DELIVERED);
        assertThat(r.differences()).isEmpty();
    }

    @Test
    void droppedDuplicatedAndAlteredRecordsAreFailures() {
        RunOutputs doctored = new RunOutputs();
        doctored.addRecord("summaries", "mig-1", "{\"migration_id\":\"mig-1\",\"outcome\":\"completed\"}");
        // mig-2's summary dropped; mig-3's written twice
        doctored.addRecord("summaries", "mig-3", "{\"migration_id\":\"mig-3\",\"outcome\":\"aborted\"}");
        doctored.addRecord("summaries", "mig-3", "{\"migration_id\":\"mig-3\",\"outcome\":\"aborted\"}");
        doctored.addRecord("alerts", "mig-3:NON_CONVERGING", "{\"state\":\"FIRING\"}");
        doctored.addRecord("alerts", "mig-3:NON_CONVERGING", "{\"state\":\"RESOLVED\"}");
        // an altered row
        doctored.addRow("migrations", "mig-1", "{outcome=completed, passes=3}");
        doctored.addRow("migrations", "mig-3", "{outcome=aborted, passes=9}");

        ChaosReport r = ChaosReport.of("doctored", reference(), outcome(doctored, 0));

        assertThat(r.result()).isEqualTo(ChaosReport.FAILURE);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.mismatched()).isEqualTo(1);
        assertThat(r.differences()).containsExactly(
                "lost topic summaries mig-2: {\"migration_id\":\"mig-2\",\"outcome\":\"completed\"}",
                "duplicated topic summaries mig-3: 2 records where the clean run has 1",
                "mismatched table migrations mig-1: expected {outcome=completed, passes=2} but was"
                        + " {outcome=completed, passes=3}");
    }

    @Test
    void aLongMismatchShowsWhereTheValuesFirstDiffer() {
        String head = "{\"migration_id\":\"mig-1\"," + "\"pad\":\"" + "x".repeat(400) + "\",";
        String detail = OutputComparison.mismatch(head + "\"probes\":135}", head + "\"probes\":136}");
        assertThat(detail).startsWith("differs at char " + (head.length() + 11) + ": expected ...")
                .contains("\"probes\":135} but was ...").endsWith("\"probes\":136}");
    }

    @Test
    void deadLettersOtherThanTheInjectedOnesAreAFailure() {
        RunOutputs run = reference();
        run.addDeadLetter("deserialize: Unknown magic byte!");
        assertThat(ChaosReport.of("dlq", reference(), outcome(run, 0)).result()).isEqualTo(ChaosReport.FAILURE);
        ChaosReport expected = ChaosReport.of("dlq", reference(), outcome(run, 1));
        assertThat(expected.result()).isEqualTo(ChaosReport.DELIVERED);
        assertThat(expected.dlq()).isEqualTo(1);
    }

    @Test
    void anErrorDuringTheRunIsAFailure() {
        ChaosRun.Outcome failed = new ChaosRun.Outcome(reference(), 10, 0, List.of(), "publishing failed: timeout");
        assertThat(ChaosReport.of("error", reference(), failed).result()).isEqualTo(ChaosReport.FAILURE);
    }

    @Test
    void theJsonReportHasTheDocumentedFields(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        RunOutputs run = reference();
        run.addRecord("summaries", "mig-4", "{\"migration_id\":\"mig-4\"}");
        java.nio.file.Path file = dir.resolve("chaos.json");
        ChaosReport.writeJson(List.of(ChaosReport.of("doctored", reference(), outcome(run, 0))), file);
        com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile()).get(0);
        assertThat(r.get("scenario").asText()).isEqualTo("doctored");
        assertThat(r.get("records_in").asLong()).isEqualTo(100);
        assertThat(r.get("lost").asLong()).isZero();
        assertThat(r.get("duplicated").asLong()).isZero();
        assertThat(r.get("mismatched").asLong()).isEqualTo(1);
        assertThat(r.get("dlq").asLong()).isZero();
        assertThat(r.get("result").asText()).isEqualTo(ChaosReport.FAILURE);
        assertThat(r.get("differences").get(0).asText()).startsWith("unexpected topic summaries mig-4");
    }

    /** The last alert state counts; earlier states may differ in number between runs. */
    private static RunOutputs reference() {
        RunOutputs ref = new RunOutputs();
        ref.addRecord("summaries", "mig-1", "{\"migration_id\":\"mig-1\",\"outcome\":\"completed\"}");
        ref.addRecord("summaries", "mig-2", "{\"migration_id\":\"mig-2\",\"outcome\":\"completed\"}");
        ref.addRecord("summaries", "mig-3", "{\"migration_id\":\"mig-3\",\"outcome\":\"aborted\"}");
        ref.addRecord("alerts", "mig-3:NON_CONVERGING", "{\"state\":\"RESOLVED\"}");
        ref.addRow("migrations", "mig-1", "{outcome=completed, passes=2}");
        ref.addRow("migrations", "mig-3", "{outcome=aborted, passes=9}");
        return ref;
    }

    private static ChaosRun.Outcome outcome(RunOutputs outputs, long expectedDeadLetters) {
        return new ChaosRun.Outcome(outputs, 100, expectedDeadLetters, List.of(), null);
    }
}
