package io.migscope.producers.source.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The real recordings of lab/record-libvirt.sh (samples/libvirt-lab, see its README): two libvirtd hosts in two
 * network namespaces, virsh event on both, and virsh domjobinfo polled in a loop, pretty and --rawstats.
 */
class LibvirtLabCapturesTest {

    /** The lab machine's clock stood in December 2026; "far future" is judged after that. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long HALF_THOUSANDTH_MIB = 525L;

    static ParseContext context(String file, String vm, String host) {
        return ParseContext.defaults(file).withClock(CLOCK).withIdentity(vm, null, host, null);
    }

    static Collected domjobinfo(String file, String vm) {
        return Collected.run(new DomjobinfoParser(context(file, vm, "hostA")),
                Collected.sample("libvirt-lab/" + file));
    }

    static Collected events(String file, String host) {
        return Collected.run(new VirshEventParser(context(file, null, host)), Collected.sample("libvirt-lab/" + file));
    }

    /** The date line before each block that is not "None", read straight from the file. */
    static List<Long> stampsOfJobBlocks(String file) {
        List<Long> stamps = new ArrayList<>();
        Long last = null;
        for (String line : Collected.sample("libvirt-lab/" + file)) {
            if (line.matches("\\d+\\.\\d{9}")) {
                last = new BigDecimal(line).movePointRight(6).longValue();
            } else if (line.startsWith("Job type:") && !line.matches("Job type: *(None|0) *")) {
                stamps.add(last);
            }
        }
        return stamps;
    }

    @Test
    void aPollLoopIsOneStampedRecordPerJobBlockInPrettyAndRawForm() {
        for (String file : List.of("completed/domjobinfo-hostA.txt", "completed/domjobinfo-raw-hostA.txt")) {
            Collected out = domjobinfo(file, "lab-completed");
            assertThat(out.rejections).as(file).isEmpty();
            List<MigrationEvent> polls = out.of(MigrationEvent.class);
            assertThat(polls).as(file).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getKind()).isEqualTo(EventKind.STATS);
                assertThat(e.getJob()).isEqualTo(JobOperation.MIGRATION_OUT);
                assertThat(e.getStatus()).isEqualTo("Unbounded");
                assertThat(e.getDetail()).isEqualTo("Outgoing migration");
            });
            assertThat(polls).extracting(MigrationEvent::getEventTimeUs).as(file)
                    .containsExactlyElementsOf(stampsOfJobBlocks(file));
            // the first poll, during setup, has only data_* figures: memory ones come with the first pass
            assertThat(polls).extracting(e -> e.getStats().getRamTransferredBytes()).as(file)
                    .filteredOn(Objects::nonNull).hasSizeGreaterThan(5).isSorted();
        }
    }

    @Test
    void prettyPollsLieBetweenTheRawPollsAroundThem() {
        List<MigrationEvent> pretty = domjobinfo("completed/domjobinfo-hostA.txt", "lab-completed")
                .of(MigrationEvent.class);
        List<MigrationEvent> raw = domjobinfo("completed/domjobinfo-raw-hostA.txt", "lab-completed")
                .of(MigrationEvent.class).stream().filter(e -> e.getStats().getRamTransferredBytes() != null).toList();
        int checked = 0;
        for (MigrationEvent p : pretty) {
            MigrationEvent before = null;
            MigrationEvent after = null;
            for (MigrationEvent r : raw) {
                if (r.getEventTimeUs() <= p.getEventTimeUs()) {
                    before = r;
                } else if (after == null) {
                    after = r;
                }
            }
            if (before != null && after != null && p.getStats().getRamTransferredBytes() != null) {
                // the same job read twice by two loops: three decimals of MiB against exact bytes
                assertThat(p.getStats().getRamTransferredBytes())
                        .isBetween(before.getStats().getRamTransferredBytes() - HALF_THOUSANDTH_MIB,
                                after.getStats().getRamTransferredBytes() + HALF_THOUSANDTH_MIB);
                assertThat(p.getStats().getRamTotalBytes())
                        .isCloseTo(before.getStats().getRamTotalBytes(), within(HALF_THOUSANDTH_MIB));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(3);
    }

    @Test
    void jobCompletedOnTheSourceMatchesTheDestinationsCompletedStatistics() {
        Collected a = events("completed/events-hostA.txt", "hostA");
        assertThat(a.rejections).isEmpty();
        MigrationEvent done = a.of(MigrationEvent.class).stream().filter(e -> e.getKind() == EventKind.STATS)
                .findFirst().orElseThrow();
        assertThat(done.getJob()).isEqualTo(JobOperation.MIGRATION_OUT);
        assertThat(done.getStatus()).isEqualTo("completed");
        Collected b = domjobinfo("completed/completed-hostB.txt", "lab-completed");
        assertThat(b.rejections).isEmpty();
        MigrationEvent incoming = b.of(MigrationEvent.class).get(0);
        assertThat(incoming.getJob()).isEqualTo(JobOperation.MIGRATION_IN);
        assertThat(incoming.getStatus()).isEqualTo("Completed");
        assertThat(incoming.getStats().getDowntimeMs()).isEqualTo(done.getStats().getDowntimeMs());
        assertThat(incoming.getStats().getRamTransferredBytes())
                .isCloseTo(done.getStats().getRamTransferredBytes(), within(HALF_THOUSANDTH_MIB));
        assertThat(incoming.getStats().getPageSizeBytes()).isEqualTo(done.getStats().getPageSizeBytes());
    }

    @Test
    void theSourceSaysMigrationOutAndTheDestinationMigrationIn() {
        List<MigrationEvent> a = events("completed/events-hostA.txt", "hostA").of(MigrationEvent.class);
        assertThat(a).filteredOn(e -> e.getKind() == EventKind.LIFECYCLE).extracting(MigrationEvent::getDetail)
                .containsExactly("Suspended Migrated", "Stopped Migrated");
        assertThat(a).filteredOn(e -> e.getKind() == EventKind.LIFECYCLE).extracting(MigrationEvent::getJob)
                .containsOnly(JobOperation.MIGRATION_OUT);
        assertThat(a).filteredOn(e -> e.getKind() == EventKind.PASS).extracting(MigrationEvent::getPass)
                .containsExactly(1, 2, 3, 4);
        List<MigrationEvent> b = events("completed/events-hostB.txt", "hostB").of(MigrationEvent.class);
        assertThat(b).extracting(MigrationEvent::getDetail).containsExactly("Started Migrated", "Resumed Migrated");
        assertThat(b).extracting(MigrationEvent::getJob).containsOnly(JobOperation.MIGRATION_IN);
    }

    @Test
    void anAbortEndsCancelledAndAKilledDestinationFailedWhileTheEventsLookAlike() {
        assertThat(statuses("aborted/domjobinfo-hostA.txt", "lab-aborted")).contains("Cancelled")
                .doesNotContain("Failed", "Completed");
        assertThat(statuses("aborted/domjobinfo-raw-hostA.txt", "lab-aborted")).contains("Cancelled")
                .doesNotContain("Failed", "Completed");
        assertThat(statuses("failed-dest-killed/domjobinfo-hostA.txt", "lab-destkill")).contains("Failed")
                .doesNotContain("Cancelled", "Completed");
        assertThat(statuses("failed-dest-killed/domjobinfo-raw-hostA.txt", "lab-destkill")).contains("Failed")
                .doesNotContain("Cancelled", "Completed");
        for (String c : List.of("aborted", "failed-dest-killed")) {
            List<MigrationEvent> b = events(c + "/events-hostB.txt", "hostB").of(MigrationEvent.class);
            assertThat(b).as(c).extracting(MigrationEvent::getDetail).containsExactly("Started Migrated",
                    "Stopped Failed");
            assertThat(b.get(1).getJob()).as("Failed alone does not name the job; the start before it does")
                    .isEqualTo(JobOperation.MIGRATION_IN);
            List<MigrationEvent> a = events(c + "/events-hostA.txt", "hostA").of(MigrationEvent.class);
            assertThat(a).as(c + ": no job-completed and no lifecycle on the source, only the first pass")
                    .extracting(MigrationEvent::getKind).containsExactly(EventKind.PASS);
        }
    }

    @Test
    void aCutNetworkLeavesTheSourceJobFailedAndTheDestinationDestroyed() {
        List<String> statuses = statuses("failed-net-cut/domjobinfo-raw-hostA.txt", "lab-netcut");
        assertThat(statuses).startsWith("Unbounded").contains("Failed").doesNotContain("Cancelled", "Completed");
        assertThat(statuses.subList(statuses.indexOf("Failed"), statuses.size())).containsOnly("Failed");
        // Stopped Destroyed names no job, but it stops a destination that never took over: its migration's end
        assertThat(events("failed-net-cut/events-hostB.txt", "hostB").of(MigrationEvent.class))
                .extracting(MigrationEvent::getDetail, MigrationEvent::getJob)
                .containsExactly(tuple("Started Migrated", JobOperation.MIGRATION_IN),
                        tuple("Stopped Destroyed", JobOperation.MIGRATION_IN));
    }

    @Test
    void aSourceSuspendedDuringItsMigrationAndAbortedTakesItsGuestBack() {
        List<MigrationEvent> a = events("aborted-after-suspend/events-hostA.txt", "hostA").of(MigrationEvent.class);
        assertThat(a).extracting(MigrationEvent::getKind, MigrationEvent::getDetail, MigrationEvent::getJob)
                .containsExactly(tuple(EventKind.PASS, null, null),
                        tuple(EventKind.LIFECYCLE, "Suspended Migrated", JobOperation.MIGRATION_OUT),
                        tuple(EventKind.LIFECYCLE, "Resumed Migrated", JobOperation.MIGRATION_OUT));
        List<MigrationEvent> b = events("aborted-after-suspend/events-hostB.txt", "hostB").of(MigrationEvent.class);
        assertThat(b).extracting(MigrationEvent::getDetail, MigrationEvent::getJob)
                .containsExactly(tuple("Started Migrated", JobOperation.MIGRATION_IN),
                        tuple("Stopped Failed", JobOperation.MIGRATION_IN));
        assertThat(statuses("aborted-after-suspend/domjobinfo-raw-hostA.txt", "lab-suspend")).contains("Cancelled")
                .doesNotContain("Failed", "Completed");
    }

    @Test
    void aStopOfADomainThisHostSawNoMigrationOfEndsNoMigration() {
        // the aborted case's destination without its start: the failure is QEMU's or libvirt's, not a migration's
        List<String> noStart = Collected.sample("libvirt-lab/aborted/events-hostB.txt").stream()
                .filter(l -> !l.endsWith("Started Migrated")).toList();
        assertThat(jobs(noStart)).containsExactly(tuple("Stopped Failed", JobOperation.UNKNOWN));
        // the completed case's destination, destroyed later (the net-cut case's line): long after it took over
        List<String> destroyedLater = new ArrayList<>(Collected.sample("libvirt-lab/completed/events-hostB.txt"));
        destroyedLater.add(Collected.sample("libvirt-lab/failed-net-cut/events-hostB.txt").get(2)
                .replace("lab-netcut", "lab-completed").replace("17:33:35", "17:59:59"));
        assertThat(jobs(destroyedLater)).containsExactly(tuple("Started Migrated", JobOperation.MIGRATION_IN),
                tuple("Resumed Migrated", JobOperation.MIGRATION_IN));
    }

    private static List<org.assertj.core.groups.Tuple> jobs(List<String> lines) {
        Collected out = Collected.run(new VirshEventParser(context("mutated", null, "hostB")), lines);
        assertThat(out.rejections).isEmpty();
        return out.of(MigrationEvent.class).stream().map(e -> tuple(e.getDetail(), e.getJob())).toList();
    }

    @Test
    void aJobCompletedWithoutOperationTakesTheLifecycleEvidenceOrStaysUnknown() {
        List<String> real = Collected.sample("libvirt-lab/completed/events-hostA.txt");
        List<String> withoutOperation = real.stream().filter(l -> !l.startsWith("\toperation:")).toList();
        assertThat(job(withoutOperation)).isEqualTo(JobOperation.MIGRATION_OUT);
        List<String> alone = withoutOperation.stream().filter(l -> !l.contains("'lifecycle'")).toList();
        assertThat(job(alone)).isEqualTo(JobOperation.UNKNOWN);
    }

    @Test
    void savesSnapshotsDumpsAndBackupsAreJobsOfTheirOwnKind() {
        assertThat(completedJobs("save-restore/events-hostA.txt")).containsExactly(JobOperation.SAVE);
        assertThat(completedJobs("snapshot/events-hostA.txt")).containsExactly(JobOperation.SNAPSHOT);
        assertThat(completedJobs("dump/events-hostA.txt")).containsExactly(JobOperation.DUMP);
        assertThat(completedJobs("backup/events-hostA.txt")).containsExactly(JobOperation.BACKUP);
        // a save and a restore name themselves in lifecycle details; the restore's "Resumed Snapshot" is the
        // restore's by the start just before it
        List<MigrationEvent> save = events("save-restore/events-hostA.txt", "hostA").of(MigrationEvent.class);
        assertThat(save).filteredOn(e -> e.getKind() == EventKind.LIFECYCLE)
                .extracting(MigrationEvent::getDetail, MigrationEvent::getJob)
                .containsExactly(tuple("Stopped Saved", JobOperation.SAVE),
                        tuple("Started Restored", JobOperation.RESTORE),
                        tuple("Resumed Snapshot", JobOperation.RESTORE));
        // QEMU's migration machinery runs for these too: the passes are there, without any Migrated detail, while
        // the guest is paused for the job: no live migration's passes
        assertThat(save).filteredOn(e -> e.getKind() == EventKind.PASS).hasSize(3)
                .extracting(MigrationEvent::getJob).containsOnly(JobOperation.UNKNOWN);
        assertThat(events("snapshot/events-hostA.txt", "hostA").of(MigrationEvent.class))
                .filteredOn(e -> e.getKind() == EventKind.PASS)
                .extracting(MigrationEvent::getPass, MigrationEvent::getJob)
                .containsExactly(tuple(1, JobOperation.UNKNOWN), tuple(2, JobOperation.UNKNOWN),
                        tuple(1, JobOperation.UNKNOWN), tuple(2, JobOperation.UNKNOWN),
                        tuple(3, JobOperation.UNKNOWN));
        assertThat(events("dump/events-hostA.txt", "hostA").of(MigrationEvent.class))
                .filteredOn(e -> e.getKind() == EventKind.PASS).hasSize(3)
                .extracting(MigrationEvent::getJob).containsOnly(JobOperation.UNKNOWN);
        assertThat(jobsPolled("dump/domjobinfo-hostA.txt", "lab-dump")).containsOnly(JobOperation.DUMP);
        assertThat(jobsPolled("dump/domjobinfo-raw-hostA.txt", "lab-dump")).containsOnly(JobOperation.DUMP);
        assertThat(jobsPolled("backup/domjobinfo-hostA.txt", "lab-backup")).containsOnly(JobOperation.BACKUP);
    }

    @Test
    void everyRecordingParsesWithoutARejection() {
        for (String c : List.of("completed", "aborted", "failed-dest-killed", "failed-net-cut",
                "aborted-after-suspend", "autoconverge-cancelled", "stalled-then-downtime-raised", "save-restore",
                "snapshot", "dump", "backup")) {
            String vm = Collected.sample("libvirt-lab/" + c + "/commands.txt").get(0).replaceAll(".*/(lab-[a-z]+)\\.xml$", "$1");
            for (String host : List.of("hostA", "hostB")) {
                assertThat(events(c + "/events-" + host + ".txt", host).rejections).as(c + " " + host).isEmpty();
                for (String f : List.of("domjobinfo-", "domjobinfo-raw-", "completed-")) {
                    assertThat(domjobinfo(c + "/" + f + host + ".txt", vm).rejections).as(c + " " + f + host)
                            .isEmpty();
                }
            }
        }
    }

    private static List<JobOperation> completedJobs(String file) {
        Collected out = events(file, "hostA");
        assertThat(out.rejections).as(file).isEmpty();
        return out.of(MigrationEvent.class).stream().filter(e -> e.getKind() == EventKind.STATS)
                .map(MigrationEvent::getJob).toList();
    }

    private static List<JobOperation> jobsPolled(String file, String vm) {
        Collected out = domjobinfo(file, vm);
        assertThat(out.rejections).as(file).isEmpty();
        return out.of(MigrationEvent.class).stream().map(MigrationEvent::getJob).toList();
    }

    private static JobOperation job(List<String> lines) {
        Collected out = Collected.run(new VirshEventParser(context("mutated", null, "hostA")), lines);
        assertThat(out.rejections).isEmpty();
        return out.of(MigrationEvent.class).stream().filter(e -> e.getKind() == EventKind.STATS).findFirst()
                .orElseThrow().getJob();
    }

    private static List<String> statuses(String file, String vm) {
        Collected out = domjobinfo(file, vm);
        assertThat(out.rejections).as(file).isEmpty();
        return out.of(MigrationEvent.class).stream().map(MigrationEvent::getStatus).toList();
    }
}
