package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.qmp.QmpParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenericSignalsTest {

    private static MigrationEvent event(Platform platform, EventKind kind, String status) {
        return MigrationEvent.newBuilder().setEventId("e").setEventTimeUs(1_000_000L).setPlatform(platform)
                .setSourceFormat("test").setKind(kind).setVm("vm").setStatus(status).build();
    }

    @Test
    void aPlatformWithoutAnAdapterKnowsOnlyStatusesSpelledLikePhases() {
        // the real QEMU source trace, labelled as a platform without an adapter
        List<MigrationEvent> events = Parsed.events(new QmpParser(Collected.context("qmp.jsonl")
                        .withIdentity("vm-42", null, "hv-1", "source").withPlatform(Platform.VSPHERE)),
                Collected.sample("qmp/source.jsonl"));
        assertThat(events).extracting(Parsed::phases).containsExactly("", "", "", "", "", "", "", "", "~COMPLETED",
                "~COMPLETED");
    }

    @Test
    void phaseNamesAndSynonymsInAnyCaseAndSpacing() {
        List<String> statuses = List.of("requested", "Queued", "scheduling", "PRECOPY", "postcopy", "paused",
                "switchover", "resumed", " completed ", "failed", "aborted", "cancelled", "Succeeded", "success",
                "done", "canceled", "Pending", "unknown", "active", "");
        assertThat(statuses).extracting(s -> Parsed.phases(CanonicalSignals.apply(event(Platform.XEN,
                EventKind.STATUS, s)))).containsExactly("~REQUESTED", "~QUEUED", "~SCHEDULING", "~PRECOPY",
                "~POSTCOPY", "~PAUSED", "~SWITCHOVER", "~RESUMED", "~COMPLETED", "~FAILED", "~ABORTED", "~CANCELLED",
                "~COMPLETED", "~COMPLETED", "~COMPLETED", "~CANCELLED", "~QUEUED", "", "", "");
    }

    @Test
    void kindsThePlatformsParserChoseMarkTheirPhaseAndReactionAfterThePlatformsOwn() {
        MigrationEvent requested = CanonicalSignals.apply(event(Platform.UNKNOWN, EventKind.REQUESTED, null));
        assertThat(Parsed.phases(requested)).isEqualTo("REQUESTED");
        MigrationEvent switched = CanonicalSignals.apply(event(Platform.QEMU, EventKind.POSTCOPY_SWITCH,
                "postcopy-active"));
        assertThat(Parsed.phases(switched)).isEqualTo("~POSTCOPY POSTCOPY");
        assertThat(Parsed.reactions(switched)).isEqualTo("POSTCOPY_SWITCH");
        MigrationEvent step = CanonicalSignals.apply(event(Platform.XEN, EventKind.DOWNTIME_STEP, null));
        assertThat(Parsed.reactions(step)).isEqualTo("DOWNTIME_STEP");
    }
}
