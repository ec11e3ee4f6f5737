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
        assertThat(stats.getDirtyRateBytesPerSec()).isEqualTo(10_240_000L);
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
}
