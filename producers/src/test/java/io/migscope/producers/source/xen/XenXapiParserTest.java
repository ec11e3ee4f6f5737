package io.migscope.producers.source.xen;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.avro.Platform;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class XenXapiParserTest {

    private static final String VM_269 = "814c8b22-d896-bc76-a421-7afce8e8a538";
    private static final String WEB_01 = "0d5a1c0e-6b0f-4d9e-8a51-2f4b4b0e6c11";

    private static Collected parse(String sample, ParseContext ctx) {
        return Collected.run(new XenXapiParser(ctx), Collected.sample(sample));
    }

    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond() * 1_000_000L;
    }

    private static List<MigrationPhase> phases(List<MigrationEvent> events) {
        return events.stream().flatMap(e -> e.getPhases().stream()).map(PhaseMark::getPhase).toList();
    }

    private static List<MigrationEvent> ofMigration(Collected out, String id) {
        return out.of(MigrationEvent.class).stream().filter(e -> id.equals(e.getMigrationId())).toList();
    }

    @Test
    void realLinesOfBothEndsOfIssue269() {
        Collected out = parse("xen-xapi/xensource-issue-269.log", Collected.context("269"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPlatform()).isEqualTo(Platform.XEN);
            assertThat(e.getSourceFormat()).isEqualTo("xen-xapi");
            assertThat(e.getVm()).isEqualTo(VM_269);
            assertThat(e.getMigrationId()).isEqualTo("R:3e35c13ce76f");
        });
        List<MigrationEvent> progress = events.stream().filter(e -> e.getKind() == EventKind.PROGRESS).toList();
        assertThat(progress).extracting(MigrationEvent::getStatus).containsExactly("progress 0%", "progress 1%",
                "progress 2%", "progress 3%", "progress 57%", "progress 61%", "progress 65%", "progress 71%",
                "progress 74%", "progress 76%");
        assertThat(progress).allSatisfy(e -> {
            assertThat(e.getHost()).isEqualTo("xenserver13");
            assertThat(e.getRole()).isEqualTo("source");
            assertThat(e.getJob()).isEqualTo(JobOperation.MIGRATION_OUT);
        });
        // no year in syslog: the clock says 2024-06-01, so September is the September before
        MigrationEvent resumed = events.stream().filter(e -> e.getKind() == EventKind.RESUME).findFirst()
                .orElseThrow();
        assertThat(resumed.getEventTimeUs()).isEqualTo(at("2023-09-11T08:58:52Z"));
        assertThat(resumed.getHost()).isEqualTo("xenserver14");
        assertThat(resumed.getRole()).isEqualTo("destination");
        assertThat(resumed.getJob()).isEqualTo(JobOperation.MIGRATION_IN);
        assertThat(phases(events)).containsExactly(MigrationPhase.RESUMED);
        assertThat(events).hasSize(11);
        assertThat(events.stream().map(MigrationEvent::getEventId).collect(Collectors.toSet())).hasSize(11);
    }

    @Test
    void theDispatchTaskAndTheSuppressingLineOfIssue270TieLaterLinesToTheVm() {
        List<String> lines = new ArrayList<>(Collected.sample("xen-xapi/xensource-issue-270.log"));
        Collected alone = Collected.run(new XenXapiParser(Collected.context("270")), lines);
        assertThat(alone.records).isEmpty();
        assertThat(alone.rejections).isEmpty();
        assertThat(alone.ignored).isEqualTo(7);
        // a line of the dispatch task that names no VM: it belongs to the task R: that created it
        lines.add("Aug 29 10:06:05 xenserver6 xapi: [debug|xenserver6.fooboo.loc|590924 INET :::80|dispatch:"
                + "VM.pool_migrate D:883d3b5008a3|xapi_vm_migrate] xenops: Migration cancelled by user.");
        Collected out = Collected.run(new XenXapiParser(Collected.context("270")), lines);
        assertThat(out.of(MigrationEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.getVm()).isEqualTo("4ffb1bf4-2294-e978-d8b6-0f76df0abc7b");
            assertThat(e.getMigrationId()).isEqualTo("R:c228aa7aa2e6");
            assertThat(e.getPhases()).extracting(PhaseMark::getPhase).containsExactly(MigrationPhase.CANCELLED);
        });
    }

    @Test
    void otherTasksAndDaemonsAreRecognisedAndIgnored() {
        Collected out = parse("xen-xapi/xensource-unrelated.log", Collected.context("other"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejections).isEmpty();
        assertThat(out.ignored).isEqualTo(8);
    }

    @Test
    void aWholePoolMigrateFromRequestToCompletion() {
        Collected out = parse("xen-xapi/xensource-pool-migrate.log", Collected.context("pm"));
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> web = ofMigration(out, "R:7f0c5e2a9d41");
        assertThat(web).allSatisfy(e -> assertThat(e.getVm()).isEqualTo(WEB_01));
        assertThat(phases(web)).containsExactly(MigrationPhase.REQUESTED, MigrationPhase.PRECOPY,
                MigrationPhase.PRECOPY, MigrationPhase.SWITCHOVER, MigrationPhase.RESUMED,
                MigrationPhase.COMPLETED, MigrationPhase.COMPLETED);
        MigrationEvent requested = web.get(0);
        assertThat(requested.getKind()).isEqualTo(EventKind.REQUESTED);
        assertThat(requested.getTargetHost()).isEqualTo("xcp-b");
        assertThat(requested.getEventTimeUs()).isEqualTo(at("2024-03-19T04:16:20Z"));
        MigrationEvent sending = web.get(1);
        assertThat(sending.getTargetHost()).isEqualTo("10.0.0.12");
        assertThat(sending.getDetail()).contains("session_id=<redacted>").doesNotContain("OpaqueRef:5e1f");
        MigrationEvent stop = web.stream().filter(e -> e.getKind() == EventKind.STOP).findFirst().orElseThrow();
        assertThat(stop.getEventTimeUs()).isEqualTo(at("2024-03-19T04:16:39Z"));
        MigrationEvent resume = web.stream().filter(e -> e.getKind() == EventKind.RESUME).findFirst().orElseThrow();
        assertThat(resume.getHost()).isEqualTo("xcp-b");
        assertThat(resume.getEventTimeUs() - stop.getEventTimeUs()).isEqualTo(2_000_000L);
        assertThat(web).filteredOn(e -> "migrated".equals(e.getStatus())).singleElement()
                .satisfies(e -> assertThat(e.getPhases()).isEmpty());
        assertThat(web.get(web.size() - 1).getCompleted()).isTrue();

        List<MigrationEvent> db = ofMigration(out, "R:e41b9d0c7a35");
        assertThat(phases(db)).containsExactly(MigrationPhase.REQUESTED, MigrationPhase.PRECOPY,
                MigrationPhase.FAILED, MigrationPhase.FAILED);
        assertThat(db.get(db.size() - 1).getFailureReason()).contains("xenguest Invalid argument");
        assertThat(db).allSatisfy(e -> assertThat(e.getVm()).isEqualTo("a7c3e9d1-2b4f-4e6a-8c0d-1f3e5a7b9c2d"));

        List<MigrationEvent> cache = ofMigration(out, "R:5d0f3b8a2c61");
        assertThat(phases(cache)).containsExactly(MigrationPhase.REQUESTED, MigrationPhase.PRECOPY,
                MigrationPhase.CANCELLED);
        assertThat(cache.get(2).getVm()).isEqualTo("3e8d2c1b-0a9f-4e7d-b6c5-4a3b2c1d0e9f");
        assertThat(out.records).hasSize(web.size() + db.size() + cache.size());
    }

    @Test
    void startedAtGivesTheYearAndTheLogZoneTheOffset() {
        ParseContext ctx = Collected.context("tz").withIftop(null, at("2019-01-01T00:00:00Z"), 2_000_000L)
                .withLogZone(ZoneId.of("Europe/Berlin"));
        Collected out = parse("xen-xapi/xensource-issue-269.log", ctx);
        MigrationEvent first = out.of(MigrationEvent.class).get(0);
        assertThat(first.getEventTimeUs()).isEqualTo(at("2019-09-11T06:58:15Z"));
    }

    @Test
    void theYearMovesOnWhenTheMonthGoesBack() {
        String task = "|Async.VM.pool_migrate R:0a1b2c3d4e5f|xenops] VM = " + WEB_01 + "; domid = 3; progress = ";
        Collected out = Collected.run(new XenXapiParser(Collected.context("ny")
                .withIftop(null, at("2022-12-31T00:00:00Z"), 2_000_000L)), List.of(
                "Dec 31 23:59:59 h xenopsd-xc: [debug||7 " + task + "10 / 100",
                "Jan  1 00:00:01 h xenopsd-xc: [debug||7 " + task + "20 / 100"));
        assertThat(out.of(MigrationEvent.class)).extracting(MigrationEvent::getEventTimeUs)
                .containsExactly(at("2022-12-31T23:59:59Z"), at("2023-01-01T00:00:01Z"));
    }

    @Test
    void migrationTasksOfXeTaskListWithTheirPhasesOnce() {
        ParseContext ctx = Collected.context("tasks").withIdentity("web-01", "pool-1", null, null);
        List<String> twice = new ArrayList<>(Collected.sample("xen-xapi/task-list.txt"));
        twice.addAll(Collected.sample("xen-xapi/task-list.txt"));
        Collected out = Collected.run(new XenXapiParser(ctx), twice);
        assertThat(out.rejections).isEmpty();
        List<MigrationEvent> events = out.of(MigrationEvent.class);
        // the SR.scan is ignored, and the second read of the same records adds nothing
        assertThat(events).extracting(MigrationEvent::getStatus).containsExactly("pending", "success", "failure");
        MigrationEvent running = events.get(0);
        assertThat(running.getKind()).isEqualTo(EventKind.PROGRESS);
        assertThat(running.getEventTimeUs()).isEqualTo(at("2024-03-19T04:16:20Z"));
        assertThat(running.getDetail()).isEqualTo("Async.VM.pool_migrate pending 38.0%");
        assertThat(running.getHost()).isEqualTo("8a4d2c1b-7e6f-4a5b-9c8d-1e2f3a4b5c6d");
        assertThat(running.getPhases()).extracting(PhaseMark::getPhase).containsExactly(MigrationPhase.REQUESTED);
        MigrationEvent done = events.get(1);
        assertThat(done.getMigrationId()).isEqualTo(running.getMigrationId());
        assertThat(done.getPhases()).extracting(PhaseMark::getPhase, PhaseMark::getAtUs).containsExactly(
                org.assertj.core.groups.Tuple.tuple(MigrationPhase.REQUESTED, at("2024-03-19T04:16:20Z")),
                org.assertj.core.groups.Tuple.tuple(MigrationPhase.COMPLETED, at("2024-03-19T04:16:43Z")));
        assertThat(done.getCompleted()).isTrue();
        MigrationEvent failed = events.get(2);
        assertThat(failed.getFailed()).isTrue();
        assertThat(failed.getFailureReason()).startsWith("INTERNAL_ERROR; xenopsd internal error:");
        assertThat(failed.getPhases().get(1).getPhase()).isEqualTo(MigrationPhase.FAILED);
        assertThat(events).allSatisfy(e -> assertThat(e.getVm()).isEqualTo("web-01"));
    }

    @Test
    void aTaskRecordWithoutVmIsRejectedAtItsFirstLine() {
        Collected out = parse("xen-xapi/task-list.txt", Collected.context("novm"));
        assertThat(out.records).isEmpty();
        assertThat(out.rejectedLines()).containsExactly(1L, 35L, 52L);
        assertThat(out.rejections).allSatisfy(r -> assertThat(r.reason()).contains("--vm"));
        assertThat(out.rejections.get(0).describe()).startsWith("novm:1: an xe task record does not name its VM");
    }

    @Test
    void badLinesAreRejectedWithWhereAndWhy() {
        String task = "Mar 19 04:16:22 xcp-a xenopsd-xc: [debug||38 |Async.VM.pool_migrate R:7f0c5e2a9d41|xenops] ";
        Collected out = Collected.run(new XenXapiParser(Collected.context("bad")), List.of(
                "not a log line",
                task + "VM = " + WEB_01 + "; domid = 12; progress = 150 / 100",
                task + "VM = " + WEB_01 + "; domid = 12; progress = 4",
                "Mar 19 04:16:22 xcp-a xapi: [ info||5711 x|Async.VM.pool_migrate R:7f0c5e2a9d41|xapi_vm_migrate]"
                        + " xenops: VM.migrate 0d5a1c0e-6b0f",
                "Feb 30 04:16:22 xcp-a xenopsd-xc: [debug||38 |SR.scan R:1|xenops] hello",
                "            status ( RO): pending",
                task + "VM = " + WEB_01 + "; domid = 12; progress = 40 / 100"));
        assertThat(out.rejectedLines()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(out.rejections.get(1).reason()).contains("above 100");
        assertThat(out.rejections.get(2).reason()).contains("cut");
        assertThat(out.rejections.get(3).reason()).contains("cut");
        assertThat(out.rejections.get(5).reason()).contains("before the record's uuid");
        assertThat(out.rejections).allSatisfy(r -> assertThat(r.describe()).startsWith("bad:" + r.line() + ": "));
        assertThat(out.of(MigrationEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.getStatus()).isEqualTo("progress 40%"));
        assertThat(Set.copyOf(out.rejectedLines())).doesNotContain(7L);
    }
}
