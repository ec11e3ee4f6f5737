package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PhaseMark;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.kubevirt.KubevirtParser;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KubevirtSignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WATCH = Collected.sample("kubevirt/watch.jsonl");
    /** The VMI whose migrationState ran 10:00:09 to 10:00:15, target ready at 10:00:14. */
    private static final String VMI = WATCH.get(3);

    private static List<MigrationEvent> kubevirt(List<String> lines) {
        return Parsed.events(new KubevirtParser(Collected.context("watch.jsonl")), lines);
    }

    private static long us(String iso) {
        return Instant.parse(iso).toEpochMilli() * 1000L;
    }

    /** The real VMI line with its migrationState edited, for outcomes the recorded watch does not reach. */
    private static String vmi(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(VMI);
        edit.accept((ObjectNode) json.path("status").path("migrationState"));
        return JSON.writeValueAsString(json);
    }

    @Test
    void vmimPhasesPendingIsRequestedAndQueuedThenSchedulingPrecopyCompleted() {
        List<MigrationEvent> phases = kubevirt(WATCH.subList(0, 7)).stream()
                .filter(e -> e.getKind() == EventKind.PHASE).toList();
        // Pending, Scheduling, Scheduled, PreparingTarget, TargetReady, Running, Succeeded
        assertThat(phases).extracting(Parsed::phases).containsExactly("~REQUESTED ~QUEUED", "~SCHEDULING",
                "~SCHEDULING", "~SCHEDULING", "~SCHEDULING", "~PRECOPY", "~COMPLETED");
        assertThat(phases).allSatisfy(e -> {
            assertThat(e.getPhases()).allSatisfy(m -> assertThat(m.getAtUs()).isEqualTo(e.getEventTimeUs()));
            assertThat(e.getReactions()).isEmpty();
        });
    }

    @Test
    void migrationStateDatesPrecopyAndResumedByItsOwnTimestamps() {
        MigrationEvent state = kubevirt(List.of(VMI)).get(0);
        assertThat(Parsed.phases(state)).isEqualTo("~COMPLETED PRECOPY RESUMED ~COMPLETED");
        assertThat(state.getPhases()).extracting(PhaseMark::getAtUs).containsExactly(us("2024-05-01T10:00:15Z"),
                us("2024-05-01T10:00:09Z"), us("2024-05-01T10:00:14Z"), us("2024-05-01T10:00:15Z"));
        // mode PreCopy is no reaction
        assertThat(state.getReactions()).isEmpty();
    }

    @Test
    void anAbortedPostCopyMigrationIsAbortedWithItsReactions() throws Exception {
        MigrationEvent state = kubevirt(List.of(vmi(s -> s.put("completed", false).put("failed", true)
                .put("abortRequested", true).put("abortStatus", "Succeeded").put("mode", "PostCopy")))).get(0);
        assertThat(Parsed.phases(state)).isEqualTo("~ABORTED PRECOPY RESUMED ~ABORTED POSTCOPY");
        assertThat(Parsed.reactions(state)).isEqualTo("ABORT POSTCOPY_SWITCH");
    }

    @Test
    void aFailureNobodyAskedForIsFailedAndPausedModeIsAPause() throws Exception {
        MigrationEvent failed = kubevirt(List.of(vmi(s -> s.put("completed", false).put("failed", true)))).get(0);
        assertThat(Parsed.phases(failed)).isEqualTo("~FAILED PRECOPY RESUMED ~FAILED");
        assertThat(failed.getReactions()).isEmpty();
        MigrationEvent paused = kubevirt(List.of(vmi(s -> s.put("completed", false).put("mode", "Paused")
                .remove("endTimestamp")))).get(0);
        // still running: the event time is the target-ready time
        assertThat(Parsed.phases(paused)).isEqualTo("~PRECOPY PRECOPY RESUMED PAUSED");
        assertThat(Parsed.reactions(paused)).isEqualTo("PAUSE");
    }

    @Test
    void progressLinesOfTheLauncherMarkNothing() {
        MigrationEvent progress = kubevirt(List.of(WATCH.get(2))).get(0);
        assertThat(progress.getKind()).isEqualTo(EventKind.PROGRESS);
        assertThat(progress.getPhases()).isEmpty();
        assertThat(progress.getReactions()).isEmpty();
    }
}
