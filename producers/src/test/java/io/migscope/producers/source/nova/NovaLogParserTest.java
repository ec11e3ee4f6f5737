package io.migscope.producers.source.nova;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class NovaLogParserTest {
    /** The real line is from December 2023: "far future" is judged after it. */
    private static final Clock LATER = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static final String VM = "8c2f6a51-3b7d-4e9a-b1c2-d3e4f5a6b7c8";

    private static List<MigrationEvent> events() {
        Collected out = Collected.run(new NovaLogParser(Collected.context("nova-compute.log")
                .withIdentity(null, "os-1", "compute-1", "source")), Collected.sample("nova-log/nova-compute.log"));
        assertThat(out.rejections).isEmpty();
        assertThat(out.ignored).isEqualTo(3);
        return out.of(MigrationEvent.class);
    }

    @Test
    void everyMigrationLineKind() {
        assertThat(events()).extracting(MigrationEvent::getKind).containsExactly(EventKind.PROGRESS,
                EventKind.DOWNTIME_STEP, EventKind.TIMEOUT, EventKind.POSTCOPY_SWITCH, EventKind.STATUS,
                EventKind.PROGRESS, EventKind.STATUS, EventKind.STATUS, EventKind.NOTIFICATION,
                EventKind.NOTIFICATION);
        assertThat(events()).allSatisfy(e -> assertThat(e.getPlatform()).isEqualTo(Platform.NOVA));
    }

    @Test
    void steinProgressKeepsMemoryAndDiskApart() {
        MigrationEvent stein = events().get(0);
        assertThat(stein.getVm()).isEqualTo(VM);
        assertThat(stein.getEventTimeUs()).isEqualTo(1_714_557_605_317_000L);
        assertThat(stein.getStats().getTimeElapsedMs()).isEqualTo(5000L);
        assertThat(stein.getStats().getMemoryRemainingPercent()).isEqualTo(52.0);
        assertThat(stein.getStats().getRamTransferredBytes()).isEqualTo(554_508_288L);
        assertThat(stein.getStats().getRamRemainingBytes()).isEqualTo(567_869_440L);
        assertThat(stein.getStats().getDiskTotalBytes()).isZero();
    }

    @Test
    void olderProgressReportsDataBytes() {
        MigrationEvent old = events().get(5);
        assertThat(old.getVm()).isEqualTo("1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        assertThat(old.getStats().getMemoryRemainingPercent()).isEqualTo(8.0);
        assertThat(old.getStats().getDataTotalBytes()).isEqualTo(4_294_967_296L);
        assertThat(old.getStats().getRamTotalBytes()).isNull();
    }

    @Test
    void downtimeTimeoutPostcopyAndOutcomes() {
        List<MigrationEvent> events = events();
        assertThat(events.get(1).getLimits().getDowntimeLimitMs()).isEqualTo(50L);
        assertThat(events.get(1).getStats().getTimeElapsedMs()).isZero();
        assertThat(events.get(2).getStats().getTimeElapsedMs()).isEqualTo(800_000L);
        assertThat(events.get(3).getMode()).isEqualTo("PostCopy");
        // "has aborted" is nova's message for libvirt's Failed job type
        assertThat(events).extracting(MigrationEvent::getStatus).containsSubsequence("completed", "failed",
                "cancelled");
    }

    @Test
    void versionedNotificationsPlainAndInTheOsloEnvelope() {
        List<MigrationEvent> events = events();
        assertThat(events.get(8).getStatus()).isEqualTo("live_migration_pre.start");
        assertThat(events.get(8).getSourceFormat()).isEqualTo("nova-notification");
        assertThat(events.get(8).getEventTimeUs()).isEqualTo(1_714_557_600_512_345L);
        assertThat(events.get(8).getHost()).isEqualTo("compute-1");
        assertThat(events.get(9).getStatus()).isEqualTo("live_migration_post.end");
        assertThat(events.get(9).getVm()).isEqualTo(VM);
    }

    @Test
    void logTimesAreReadInTheHostZone() {
        Collected out = Collected.run(new NovaLogParser(Collected.context("n.log")
                .withLogZone(ZoneId.of("Europe/Paris"))), Collected.sample("nova-log/nova-compute.log").subList(1, 2));
        assertThat(out.of(MigrationEvent.class).get(0).getEventTimeUs())
                .isEqualTo(1_714_557_605_317_000L - 2 * 3600_000_000L);
    }

    @Test
    void rejectsTruncatedAbsurdAndUnprefixedLines() {
        Collected out = Collected.run(new NovaLogParser(Collected.context("bad.log")),
                Collected.sample("nova-log/bad.log"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejectedLines()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(out.rejections.get(0).reason()).contains("truncated");
        assertThat(out.rejections.get(1).reason()).contains("greater than");
        assertThat(out.rejections.get(2).reason()).contains("[instance: UUID]");
        assertThat(out.rejections.get(3).reason()).contains("oslo.log prefix");
    }

    /** A real line of a failed live migration (samples/nova-log/README.md): known, and not one migscope uses. */
    @Test
    void aRealLiveMigrationFailureLineIsRecognisedNotRejected() {
        Collected out = Collected.run(new NovaLogParser(Collected.context("real").withClock(LATER)),
                Collected.sample("nova-log/real/nova-operator-pr621-source.log"));
        assertThat(out.rejections).isEmpty();
        assertThat(out.records).isEmpty();
        assertThat(out.ignored).isEqualTo(1);
    }

    /**
     * nova 13.0.0 to 18.0.0 logged its progress timeout so (nova/virt/libvirt/migration.py): the sample's
     * completion-timeout line, worded as that one.
     */
    @Test
    void theProgressTimeoutOfOlderNovaIsATimeoutToo() {
        String completion = Collected.sample("nova-log/nova-compute.log").stream()
                .filter(l -> l.contains("Live migration not completed after")).findFirst().orElseThrow();
        Collected out = Collected.run(new NovaLogParser(Collected.context("stuck")), List.of(
                completion.replace("not completed after 800 sec", "stuck for 150 sec")));
        assertThat(out.rejections).isEmpty();
        assertThat(out.of(MigrationEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(EventKind.TIMEOUT);
            assertThat(e.getStats().getTimeElapsedMs()).isEqualTo(150_000L);
        });
    }
}
