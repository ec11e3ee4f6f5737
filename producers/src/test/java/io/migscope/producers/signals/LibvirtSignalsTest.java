package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.libvirt.DomjobinfoParser;
import io.migscope.producers.source.libvirt.VirshEventParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibvirtSignalsTest {
    private static final String TS = "2024-05-01 10:00:00.000+0000: ";
    /** The lab recorded in December 2026: "far future" is judged after that. */
    private static final Clock LAB_CLOCK = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static List<MigrationEvent> virsh(List<String> lines) {
        return Parsed.events(new VirshEventParser(Collected.context("virsh.txt")
                .withIdentity(null, "c1", "hv-1", "source")), lines);
    }

    @Test
    void iterationsArePrecopySuspendedMigratedTheSwitchoverAndStoppedMigratedTheEnd() {
        List<MigrationEvent> events = virsh(Collected.sample("virsh-event/source.txt"));
        // iteration 1, 2, Suspended Migrated, iteration 3, job-completed (success), Stopped Migrated
        assertThat(events).extracting(Parsed::phases).containsExactly("PRECOPY", "PRECOPY", "SWITCHOVER", "PRECOPY",
                "~COMPLETED", "~COMPLETED");
        assertThat(events).allSatisfy(e -> assertThat(e.getReactions()).isEmpty());
    }

    @Test
    void postCopyLifecycleDetailsAndAFailedJob() {
        List<MigrationEvent> events = virsh(List.of(
                TS + "event 'lifecycle' for domain 'vm': Suspended Post-copy",
                TS + "event 'lifecycle' for domain 'vm': Resumed Post-copy",
                TS + "event 'lifecycle' for domain 'vm': Resumed Migrated",
                TS + "event 'lifecycle' for domain 'vm': Suspended Post-copy Error",
                TS + "event 'lifecycle' for domain 'vm': Resumed Post-copy Error",
                TS + "event 'job-completed' for domain 'vm':",
                "\toperation: 5",
                "\tsuccess: 0"));
        assertThat(events).extracting(Parsed::phases).containsExactly("SWITCHOVER ~POSTCOPY", "RESUMED ~POSTCOPY",
                "RESUMED", "~FAILED", "~FAILED", "~FAILED");
    }

    /** The real lab captures (samples/libvirt-lab): what each host's events say of migrations that did not succeed. */
    @Test
    void aDestinationStoppedBeforeItTookOverSaysTheMigrationFailed() {
        for (String c : List.of("aborted", "failed-dest-killed", "autoconverge-cancelled", "failed-net-cut")) {
            List<MigrationEvent> b = lab(c + "/events-hostB.txt", "hostB");
            // Started Migrated marks nothing; Stopped Failed (or Destroyed after a dead connection) is the end
            assertThat(b).as(c).extracting(Parsed::phases).containsExactly("", "FAILED");
        }
    }

    @Test
    void aSourceTakingItsGuestBackAfterItsSwitchoverSuspendSaysTheMigrationFailed() {
        assertThat(lab("aborted-after-suspend/events-hostA.txt", "hostA")).extracting(Parsed::phases)
                .containsExactly("PRECOPY", "SWITCHOVER", "FAILED");
        // the destination's own Resumed Migrated is still its taking over
        assertThat(lab("completed/events-hostB.txt", "hostB")).extracting(Parsed::phases)
                .containsExactly("", "RESUMED");
    }

    @Test
    void domjobinfoCancelledIsAnAbortAndFailedAFailure() {
        assertThat(polls("aborted/domjobinfo-hostA.txt", "lab-aborted")).extracting(Parsed::phases)
                .filteredOn(p -> !p.isEmpty()).containsExactly("~ABORTED", "~ABORTED");
        assertThat(polls("aborted/domjobinfo-raw-hostA.txt", "lab-aborted")).extracting(Parsed::phases)
                .filteredOn(p -> !p.isEmpty()).containsExactly("~ABORTED", "~ABORTED");
        assertThat(polls("failed-dest-killed/domjobinfo-hostA.txt", "lab-destkill")).extracting(Parsed::phases)
                .filteredOn(p -> !p.isEmpty()).containsOnly("~FAILED").isNotEmpty();
    }

    private static List<MigrationEvent> lab(String file, String host) {
        return Parsed.events(new VirshEventParser(Collected.context(file).withClock(LAB_CLOCK)
                .withIdentity(null, null, host, null)), Collected.sample("libvirt-lab/" + file));
    }

    private static List<MigrationEvent> polls(String file, String vm) {
        return Parsed.events(new DomjobinfoParser(Collected.context(file).withClock(LAB_CLOCK)
                .withIdentity(vm, null, "hostA", null)), Collected.sample("libvirt-lab/" + file));
    }

    @Test
    void domjobinfoJobTypesCompletedAndFailedEndTheMigration() {
        List<MigrationEvent> events = Parsed.events(new DomjobinfoParser(Collected.context("domjobinfo.txt")
                        .withIdentity("vm-42", null, "hv-1", "source").withIftop(null, 1_714_557_600_000_000L, 1_000_000L)),
                Collected.sample("virsh-domjobinfo/running-then-completed.txt"));
        // Unbounded (a job running) says nothing about the phase
        assertThat(events).extracting(Parsed::phases).containsExactly("", "~COMPLETED", "~FAILED");
    }
}
