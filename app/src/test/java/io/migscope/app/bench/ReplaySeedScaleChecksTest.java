package io.migscope.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** replay-seed-scale fails, naming what is missing, unless every migration has its summary and two runs agree. */
class ReplaySeedScaleChecksTest {

    @Test
    void oneSummaryPerGeneratedMigrationPasses() {
        assertThat(ReplaySeedScaleBench.missingSummaries("the first replay", Set.of("m-1", "m-2"),
                Set.of("m-1", "m-2"))).isNull();
    }

    @Test
    void aMissingSummaryFailsNamingTheMigration() {
        assertThat(ReplaySeedScaleBench.missingSummaries("the first replay", Set.of("m-1"), Set.of("m-1", "m-2", "m-3")))
                .contains("wrote 1 summaries for the 3 migrations")
                .contains("missing 2 (m-2, m-3)");
    }

    @Test
    void aSummaryForAMigrationNeverGeneratedFails() {
        assertThat(ReplaySeedScaleBench.missingSummaries("the second replay", Set.of("m-1", "m-1b"), Set.of("m-1")))
                .contains("not generated 1 (m-1b)");
    }

    @Test
    void identicalSummariesPass() {
        byte[] lines = "{\"migration_id\":\"m-1\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ReplaySeedScaleBench.difference(lines, lines.clone(), "")).isNull();
    }

    /** The shape of the difference first seen on the quick run: the same bytes, a note only one run wrote. */
    @Test
    void differentSummariesNameTheLinesAndTheFieldsThatMoved() {
        byte[] first = ("{\"migration_id\":\"m-1\",\"wire_bytes\":5}\n"
                + "{\"migration_id\":\"m-2\",\"wire_bytes\":7,\"wire_bytes_note\":null}\n").getBytes(StandardCharsets.UTF_8);
        byte[] second = ("{\"migration_id\":\"m-1\",\"wire_bytes\":5}\n"
                + "{\"migration_id\":\"m-2\",\"wire_bytes\":7,\"wire_bytes_note\":\"shared\"}\n").getBytes(StandardCharsets.UTF_8);
        assertThat(ReplaySeedScaleBench.difference(first, second, " beside 2 CPU-burning processes"))
                .contains("the second beside 2 CPU-burning processes")
                .contains("1 of 2 lines differ")
                .contains("first at line 2")
                .contains("migration m-2: wire_bytes_note null -> \"shared\"")
                .doesNotContain("wire_bytes 7");
    }

    @Test
    void aShorterSecondFileIsADifference() {
        byte[] first = "{\"migration_id\":\"m-1\"}\n{\"migration_id\":\"m-2\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"migration_id\":\"m-1\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ReplaySeedScaleBench.difference(first, second, "")).contains("1 of 2 lines differ")
                .contains("differ past line 1");
    }
}
