package io.migscope.producers.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VsphereParserTest {

    private static long us(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000L;
    }

    private static Collected parse(String sample) {
        return parse(Collected.context(sample).withIdentity(null, "vc-1", null, null), Collected.sample(sample));
    }

    private static Collected parse(ParseContext ctx, List<String> lines) {
        return Collected.run(new VsphereParser(ctx), lines);
    }

    private static List<MigrationPhase> phases(MigrationEvent e) {
        return e.getPhases().stream().map(PhaseMark::getPhase).toList();
    }

    @Test
    void realGovcOutputIndentedAndPascalCase() {
        Collected out = parse("vsphere/events-issue-2420.json");
        // the post starts with the closing brace of an object cut off above it
        assertThat(out.rejectedLines()).containsExactly(1L);
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).hasSize(2);
        MigrationEvent first = events.get(0);
        assertThat(first.getPlatform()).isEqualTo(Platform.VSPHERE);
        assertThat(first.getVm()).isEqualTo("grafana_rh");
        assertThat(first.getSourceHost()).isEqualTo("ipcesxup1m02.mpcmgt1.pc.ecs.hp.com");
        assertThat(first.getTargetHost()).isEqualTo("ipcesxup1m01.mpcmgt1.pc.ecs.hp.com");
        assertThat(first.getEventTimeUs()).isEqualTo(us("2021-05-07T05:29:08.480Z"));
        assertThat(first.getPhases()).singleElement().satisfies(p -> {
            assertThat(p.getPhase()).isEqualTo(MigrationPhase.COMPLETED);
            assertThat(p.getAtUs()).isEqualTo(first.getEventTimeUs());
        });
        assertThat(first.getCluster()).isEqualTo("vc-1");
        // a storage vMotion: same host at both ends
        assertThat(events.get(1).getSourceHost()).isEqualTo(events.get(1).getTargetHost());
    }

    @Test
    void camelCaseRecordsOnOneLineEachAndUntypedRecordsByTemplate() {
        Collected out = parse("vsphere/events-camel.jsonl");
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getStatus).containsExactly("VmBeingMigratedEvent",
                "VmMigratedEvent", "DrsVmMigratedEvent", "VmMigratedEvent");
        assertThat(events).extracting(e -> phases(e).get(0)).containsExactly(MigrationPhase.REQUESTED,
                MigrationPhase.COMPLETED, MigrationPhase.COMPLETED, MigrationPhase.COMPLETED);
        assertThat(events.get(0).getTargetHost()).isEqualTo("DC0_C0_H1");
        assertThat(events.get(2).getVm()).isEqualTo("DC0_C0_RP0_VM1");
        assertThat(events.get(2).getSourceHost()).isEqualTo("DC0_C0_H1");
        assertThat(events.get(3).getVm()).isEqualTo("DC0_C0_RP0_VM2");
        assertThat(out.ignored).isEqualTo(1);
    }

    @Test
    void tasksGiveQueuedStartAndEndPhasesOnceEach() {
        Collected out = parse("vsphere/tasks.json");
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).extracting(MigrationEvent::getStatus).containsExactly("running", "success", "error");
        MigrationEvent running = events.get(0);
        assertThat(running.getKind()).isEqualTo(EventKind.PROGRESS);
        assertThat(running.getMigrationId()).isEqualTo("chain-202");
        assertThat(phases(running)).containsExactly(MigrationPhase.QUEUED, MigrationPhase.PRECOPY);
        assertThat(running.getDetail()).contains("42%");
        MigrationEvent done = events.get(1);
        assertThat(phases(done)).containsExactly(MigrationPhase.QUEUED, MigrationPhase.PRECOPY,
                MigrationPhase.COMPLETED);
        assertThat(done.getPhases().get(2).getAtUs()).isEqualTo(us("2024-05-01T10:00:09.804Z"));
        assertThat(done.getEventTimeUs()).isEqualTo(us("2024-05-01T10:00:09.804Z"));
        MigrationEvent failed = events.get(2);
        assertThat(phases(failed)).endsWith(MigrationPhase.FAILED);
        assertThat(failed.getFailureReason()).isEqualTo("The operation is not allowed in the current state.");
        assertThat(failed.getVm()).isEqualTo("DC0_C0_RP0_VM3");
    }

    @Test
    void theSameRecordReadTwiceIsEmittedOnce() {
        List<String> lines = Collected.sample("vsphere/events-camel.jsonl");
        List<String> twice = new java.util.ArrayList<>(lines);
        twice.addAll(lines);
        Collected out = parse(Collected.context("twice"), twice);
        assertThat(out.of(MigrationEvent.class)).hasSize(4);
    }

    @Test
    void startOfAHotMigrationNeedsTheVmFromTheObjectOrTheFlag() {
        String hot = "{\"type\":\"VmBeingHotMigratedEvent\",\"createdTime\":\"2024-05-01T10:00:02Z\","
                + "\"category\":\"info\",\"message\":\"(message)\"}";
        Collected without = parse(Collected.context("hot"), List.of(hot));
        assertThat(without.rejections).singleElement().satisfies(r -> assertThat(r.reason()).contains("--vm"));
        Collected withObject = parse(Collected.context("hot"), List.of(hot.replace("{\"type\"",
                "{\"object\":\"VirtualMachine:vm-58\",\"type\"")));
        assertThat(withObject.of(MigrationEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.getVm()).isEqualTo("VirtualMachine:vm-58");
            assertThat(phases(e)).containsExactly(MigrationPhase.PRECOPY);
        });
    }

    @Test
    void badValuesAreRejectedWithWhereAndWhat() {
        Collected out = parse(Collected.context("bad.json"), List.of(
                "{\"type\":\"VmMigratedEvent\",\"createdTime\":\"yesterday\",\"category\":\"info\",\"message\":\"x\"}",
                "{\"type\":\"VmMigratedEvent\",\"createdTime\":\"1999-01-01T00:00:00Z\",\"category\":\"info\","
                        + "\"message\":\"Migration of virtual machine a from h1, d to h2, d completed\"}",
                "[1, 2]",
                "{\"tasks\": [",
                "  {\"key\": \"task-1\", \"name\": \"MigrateVM_Task\", \"state\": \"paused\","
                        + " \"entityName\": \"vm\", \"queueTime\": \"2024-05-01T10:00:00Z\"}",
                "]}",
                "{\"open\": "));
        assertThat(out.rejectedLines()).containsExactly(1L, 2L, 3L, 4L, 7L);
        assertThat(out.rejections.get(0).describe()).startsWith("bad.json:1: createdTime is not an RFC 3339 time");
        assertThat(out.rejections.get(1).reason()).contains("event time");
        assertThat(out.rejections.get(2).reason()).isEqualTo("not a JSON object");
        assertThat(out.rejections.get(3).reason()).contains("unknown task state 'paused'");
        assertThat(out.rejections.get(4).reason()).contains("not closed");
        assertThat(out.records).isEmpty();
    }
}
