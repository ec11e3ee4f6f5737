package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.Parsers;
import io.migscope.producers.source.qmp.QmpParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalSignalsTest {

    private static MigrationEvent event(Platform platform, String status, String detail) {
        return MigrationEvent.newBuilder().setEventId("e").setEventTimeUs(7L).setPlatform(platform)
                .setSourceFormat("test").setKind(EventKind.STATUS).setVm("vm").setStatus(status).setDetail(detail)
                .build();
    }

    @Test
    void applySetsTheMarksOnTheEventItselfReplacingOldOnes() {
        MigrationEvent e = event(Platform.QEMU, "active", null);
        assertThat(CanonicalSignals.marked(e)).isFalse();
        assertThat(CanonicalSignals.apply(e)).isSameAs(e);
        assertThat(Parsed.phases(e)).isEqualTo("~PRECOPY");
        e.setStatus("completed");
        assertThat(Parsed.phases(CanonicalSignals.apply(e))).isEqualTo("~COMPLETED");
        assertThat(CanonicalSignals.marked(e)).isTrue();
    }

    @Test
    void theAdapterIsChosenByThePlatformLabelNotByTheParser() {
        // a QEMU trace from a KubeVirt launcher, labelled KUBEVIRT: the KubeVirt adapter knows no "setup"/"active"
        List<MigrationEvent> events = Parsed.events(new QmpParser(Collected.context("qmp.jsonl")
                        .withIdentity("vm-42", null, "hv-1", "source").withPlatform(Platform.KUBEVIRT)),
                Collected.sample("qmp/source.jsonl").subList(4, 7));
        assertThat(events).extracting(Parsed::phases).containsExactly("", "", "");
    }

    @Test
    void abortAndForceCompleteWordsAreReadUnderAnyPlatformLabel() {
        assertThat(Parsed.reactions(CanonicalSignals.apply(event(Platform.LIBVIRT, "cancelling", null))))
                .isEqualTo("ABORT");
        assertThat(Parsed.reactions(CanonicalSignals.apply(event(Platform.QEMU, null,
                "instance.live_migration_abort.start")))).isEqualTo("ABORT");
        assertThat(Parsed.reactions(CanonicalSignals.apply(event(Platform.XEN, null,
                "instance.live_migration_force_complete.start")))).isEqualTo("FORCE_COMPLETE");
        MigrationEvent asked = event(Platform.NOVA, null, null);
        asked.setAbortRequested(true);
        assertThat(Parsed.reactions(CanonicalSignals.apply(asked))).isEqualTo("ABORT");
        // KubeVirt's mode is read only on KubeVirt events
        MigrationEvent mode = event(Platform.QEMU, null, null);
        mode.setMode("Paused");
        assertThat(CanonicalSignals.apply(mode).getReactions()).isEmpty();
    }

    @Test
    void everyMigrationEventParserMarksWhatItEmits() {
        List<MigrationEvent> events = Parsed.events(Parsers.create("qmp", Collected.context("qmp.jsonl")
                .withIdentity("vm-42", null, "hv-1", "destination")), Collected.sample("qmp/destination.jsonl"));
        assertThat(events).allSatisfy(e -> assertThat(CanonicalSignals.marked(e)).isTrue());
    }
}
