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
        doctored.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-1", "{\"migration_id\":\"mig-1\"}");
        // mig-2's summary dropped; mig-3's final downtime report written twice (the summaries topic may repeat a summary)
        doctored.addRecord("summaries", "mig-3", "{\"migration_id\":\"mig-3\",\"outcome\":\"aborted\"}");
        doctored.addRecord("summaries", "mig-3", "{\"migration_id\":\"mig-3\",\"outcome\":\"aborted\"}");
        doctored.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-3", "{\"migration_id\":\"mig-3\"}");
        doctored.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-3", "{\"migration_id\":\"mig-3\"}");
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
                "duplicated topic final-downtime mig-3: 2 records where the clean run has 1",
                "lost topic summaries mig-2: {\"migration_id\":\"mig-2\",\"outcome\":\"completed\"}",
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
        ChaosRun.Outcome failed = new ChaosRun.Outcome(reference(), 10, 0, 0, List.of(), "publishing failed: timeout");
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
        ref.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-1", "{\"migration_id\":\"mig-1\"}");
        ref.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-3", "{\"migration_id\":\"mig-3\"}");
        ref.addRecord("alerts", "mig-3:NON_CONVERGING", "{\"state\":\"RESOLVED\"}");
        ref.addRow("migrations", "mig-1", "{outcome=completed, passes=2}");
        ref.addRow("migrations", "mig-3", "{outcome=aborted, passes=9}");
        return ref;
    }

    @Test
    void aRecordMadeLateByTheDisturbanceIsAFailureEvenWhenTheCountsMatch() {
        RunOutputs run = reference();
        run.addDeadLetter("late: event time 1 us is more than the grace period behind the task's event time");
        ChaosRun.Outcome lateButExpectedCount = new ChaosRun.Outcome(run, 100, 1, 0, List.of(), null);
        ChaosReport r = ChaosReport.of("late", reference(), lateButExpectedCount);
        assertThat(r.result()).isEqualTo(ChaosReport.FAILURE);
        assertThat(r.differences()).anySatisfy(d -> assertThat(d).contains("late dead letters: 1"));
        ChaosRun.Outcome injected = new ChaosRun.Outcome(run, 100, 1, 1, List.of(), null);
        assertThat(ChaosReport.of("late", reference(), injected).result()).isEqualTo(ChaosReport.DELIVERED);
    }

    @Test
    void theVmSideSummaryIsCountedOncePerMigrationWhileTheSummariesTopicIsComparedByItsLastValue() {
        RunOutputs ref = reference();
        ref.addRecord("summaries", "mig-1", "{\"wire_bytes\": null}");
        ref.addRecord("summaries", "mig-1", "{\"wire_bytes\": 7}");
        RunOutputs rewritten = reference();
        rewritten.addRecord("summaries", "mig-1", "{\"wire_bytes\": 7}");
        assertThat(OutputComparison.compare(ref, rewritten).clean()).isTrue();
        rewritten.addRecord(OutputComparison.FINAL_DOWNTIME, "mig-1", "{\"migration_id\":\"mig-1\"}");
        assertThat(OutputComparison.compare(ref, rewritten).duplicated()).isEqualTo(1);
    }

    private static ChaosRun.Outcome outcome(RunOutputs outputs, long expectedDeadLetters) {
        return new ChaosRun.Outcome(outputs, 100, expectedDeadLetters, 0, List.of(), null);
    }
}
