package io.migscope.producers.source.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationStats;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirshEventParserTest {

    @Test
    void lifecycleIterationsAndMultiLineJobCompleted() {
        // written by src/test/scripts/virsh_samples.py from virsh-domain-event.c's printf formats; the tunable,
        // tray-change and memory-device-size-change events (with their continuation lines) are ignored, not rejected
        Collected out = Collected.run(new VirshEventParser(Collected.context("virsh.txt")
                .withIdentity(null, "c1", "hv-1", "source")), Collected.sample("virsh-event/source.txt"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getKind).containsExactly(EventKind.PASS, EventKind.PASS,
                EventKind.LIFECYCLE, EventKind.PASS, EventKind.STATS, EventKind.LIFECYCLE);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getVm()).isEqualTo("vm-42");
            assertThat(e.getPlatform()).isEqualTo(Platform.LIBVIRT);
        });
        assertThat(events.get(0).getEventTimeUs()).isEqualTo(1_714_557_605_001_000L);
        assertThat(events.get(3).getPass()).isEqualTo(3);
        assertThat(events.get(2).getDetail()).isEqualTo("Suspended Migrated");
        assertThat(events.get(5).getDetail()).isEqualTo("Stopped Migrated");
        MigrationEvent job = events.get(4);
        assertThat(job.getStatus()).isEqualTo("completed");
        MigrationStats stats = job.getStats();
        // memory_dirty_rate is pages/s: 2500 pages of 4096 bytes
        assertThat(job.getError()).isNull();
        assertThat(stats.getDirtyRateBytesPerSec()).isEqualTo(10_240_000L);
        assertThat(stats.getPageSizeBytes()).isEqualTo(4096L);
        assertThat(stats.getTimeElapsedMs()).isEqualTo(5080L);
        assertThat(stats.getDiskTotalBytes()).isZero();
        assertThat(stats.getDowntimeMs()).isEqualTo(182L);
        assertThat(stats.getDowntimeNetMs()).isEqualTo(181L);
        assertThat(stats.getBandwidthBytesPerSec()).isEqualTo(117_537_792L);
        assertThat(stats.getRamTotalBytes()).isEqualTo(1_091_379_200L);
        assertThat(stats.getMemoryIteration()).isEqualTo(3L);
        assertThat(stats.getRamNormalPages()).isEqualTo(270_996L);
    }

    @Test
    void rejectsWhatIsNotVirshEventOutput() {
        Collected out = Collected.run(new VirshEventParser(Collected.context("bad.txt")),
                Collected.sample("virsh-event/bad.txt"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejectedLines()).containsExactly(1L, 2L, 3L, 6L, 7L, 8L);
        assertThat(out.rejections.get(1).reason()).contains("--timestamp");
        assertThat(out.rejections.get(2).reason()).contains("ram remaining (200) is greater than ram total (100)");
        assertThat(out.rejections.get(5).reason()).contains("time_elapsed is not an unsigned integer");
    }

    @Test
    void lifecycleWordsQuotedNamesAndBooleanSuccess() {
        String ts = "2024-05-01 10:00:00.000+0000: ";
        List<String> lines = List.of(
                ts + "event 'lifecycle' for domain 'it's': Suspended Post-copy Error",
                ts + "event 'lifecycle' for domain 'vm': Started Event wakeup",
                ts + "event 'lifecycle' for domain 'vm': Suspended Migrating",
                ts + "event 'job-completed' for domain 'vm':",
                "\tsuccess: yes",
                ts + "event 'job-completed' for domain 'vm':",
                "\toperation: 5",
                "\tsuccess: 0",
                "\terrmsg: operation failed: job 'migration out' failed",
                ts + "event 'graphics' for domain 'vm': connect IPv4 127.0.0.1 5900 IPv4 10.0.0.1 4321 none",
                "\tx509dname=CN=me");
        Collected out = Collected.run(new VirshEventParser(Collected.context("x")), lines);
        assertThat(out.rejectedLines()).containsExactly(3L, 4L);
        assertThat(out.rejections.get(0).reason()).contains("known 'Event Detail'");
        assertThat(out.rejections.get(1).reason()).contains("success is not 0 or 1");
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getVm()).isEqualTo("it's");
        assertThat(events.get(0).getDetail()).isEqualTo("Suspended Post-copy Error");
        assertThat(events.get(1).getStatus()).isEqualTo("failed");
        assertThat(events.get(1).getError()).isEqualTo("operation failed: job 'migration out' failed");
    }
}
