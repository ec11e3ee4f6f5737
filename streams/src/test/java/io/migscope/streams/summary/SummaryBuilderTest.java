package io.migscope.streams.summary;

import static io.migscope.streams.timeline.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.streams.timeline.TimelineBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryBuilderTest {

    @Test
    void summaryPutsTimesBlackoutAndReportedDowntimeSideBySide() {
        MigrationSummary s = Scenario.fold(Scenario.events(), Scenario.probes()).summary();

        assertThat(s.getOutcome()).isEqualTo("completed");
        assertThat(s.getPlatform()).isEqualTo(Platform.KUBEVIRT);
        assertThat(s.getRequestedAtUs()).isEqualTo(T0);
        assertThat(s.getMigrationTimeMs()).isEqualTo(20_000L);
        assertThat(s.getQueueWaitMs()).isEqualTo(3_000L);
        assertThat(s.getStartedAtUs()).isEqualTo(T0 + 6_600_000L);
        assertThat(s.getTransferTimeMs()).isEqualTo(13_400L);
        assertThat(s.getBlackoutCount()).isEqualTo(1);
        assertThat(s.getObservedBlackoutMs()).isCloseTo(600.0, within(100.0));
        assertThat(s.getReportedDowntimeMs()).isEqualTo(420L);
        assertThat(s.getRttBaselineUs()).isEqualTo(300L);
        assertThat(s.getBrownoutMs()).isNotNull().isBetween(900.0, 1100.0);
        assertThat(s.getPasses()).isEqualTo(5);
        assertThat(s.getHypervisorBytes()).isEqualTo(900_000_000L);
        assertThat(s.getAlerts()).containsExactly("DOWNTIME_SLO_BREACH");
        assertThat(s.getSourceHost()).isEqualTo("node-a");
        assertThat(s.getCluster()).isEqualTo("c1");
    }

    @Test
    void aTimelineWithoutOutcomeIsSummarisedAsUnknownAndFlagged() {
        TimelineBuilder b = TimelineBuilder.fromEvents("mig-1", Scenario.events().subList(0, 3));

        MigrationSummary s = SummaryBuilder.build(b.build(), b.facts(), null, List.of(), null, null);
        assertThat(s.getOutcome()).isEqualTo(SummaryBuilder.UNKNOWN);
        assertThat(s.getCompletedAtUs()).isNull();
        assertThat(s.getMigrationTimeMs()).isNull();
        assertThat(s.getFlags()).anyMatch(f -> f.contains("no source said how the migration ended"));
    }
}
