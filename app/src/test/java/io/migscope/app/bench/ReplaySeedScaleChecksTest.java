package io.migscope.app.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** replay-seed-scale fails, naming what is missing, unless every migration has its summary and two runs agree. */
class ReplaySeedScaleChecksTest {

    @Test
    void oneSummaryPerGeneratedMigrationPasses() {
        assertThatCode(() -> ReplaySeedScaleBench.checkSummaries("the first replay", Set.of("m-1", "m-2"),
                Set.of("m-1", "m-2"))).doesNotThrowAnyException();
    }

    @Test
    void aMissingSummaryFailsNamingTheMigration() {
        assertThatThrownBy(() -> ReplaySeedScaleBench.checkSummaries("the first replay", Set.of("m-1"),
                Set.of("m-1", "m-2", "m-3")))
                .isInstanceOf(BenchFailure.class)
                .hasMessageContaining("wrote 1 summaries for the 3 migrations")
                .hasMessageContaining("missing 2 (m-2, m-3)");
    }

    @Test
    void aSummaryForAMigrationNeverGeneratedFails() {
        assertThatThrownBy(() -> ReplaySeedScaleBench.checkSummaries("the second replay", Set.of("m-1", "m-1b"),
                Set.of("m-1")))
                .isInstanceOf(BenchFailure.class)
                .hasMessageContaining("not generated 1 (m-1b)");
    }

    @Test
    void differentSummariesFailAtTheFirstDifferingLine() {
        byte[] first = "{\"migration_id\":\"m-1\"}\n{\"migration_id\":\"m-2\",\"passes\":3}\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"migration_id\":\"m-1\"}\n{\"migration_id\":\"m-2\",\"passes\":4}\n".getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> ReplaySeedScaleBench.checkIdentical(first, first.clone(), 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ReplaySeedScaleBench.checkIdentical(first, second, 2))
                .isInstanceOf(BenchFailure.class)
                .hasMessageContaining("beside 2 CPU hogs")
                .hasMessageContaining("line 2")
                .hasMessageContaining("\"passes\":4");
    }
}
