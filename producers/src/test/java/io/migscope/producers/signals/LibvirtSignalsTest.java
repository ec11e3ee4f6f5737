package io.migscope.producers.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.source.libvirt.DomjobinfoParser;
import io.migscope.producers.source.libvirt.VirshEventParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibvirtSignalsTest {
    private static final String TS = "2024-05-01 10:00:00.000+0000: ";

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

    @Test
    void domjobinfoJobTypesCompletedAndFailedEndTheMigration() {
        List<MigrationEvent> events = Parsed.events(new DomjobinfoParser(Collected.context("domjobinfo.txt")
                        .withIdentity("vm-42", null, "hv-1", "source").withIftop(null, 1_714_557_600_000_000L, 1_000_000L)),
                Collected.sample("virsh-domjobinfo/running-then-completed.txt"));
        // Unbounded (a job running) says nothing about the phase
        assertThat(events).extracting(Parsed::phases).containsExactly("", "~COMPLETED", "~FAILED");
    }
}
