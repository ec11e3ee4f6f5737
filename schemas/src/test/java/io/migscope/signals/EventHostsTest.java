package io.migscope.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.EventKind;
import io.migscope.avro.JobOperation;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.Platform;
import org.junit.jupiter.api.Test;

class EventHostsTest {

    @Test
    void ownFieldsWinThenTheRoleThenTheJob() {
        MigrationEvent named = MigrationEvent.newBuilder(event("hostA", null, null)).setSourceHost("src").setTargetHost("dst").build();
        assertThat(EventHosts.source(named)).isEqualTo("src");
        assertThat(EventHosts.target(named)).isEqualTo("dst");

        MigrationEvent byRole = event("hostA", "destination", JobOperation.MIGRATION_OUT);
        assertThat(EventHosts.source(byRole)).as("a given role is not overridden by the job").isNull();
        assertThat(EventHosts.target(byRole)).isEqualTo("hostA");

        MigrationEvent outgoing = event("hostA", null, JobOperation.MIGRATION_OUT);
        assertThat(EventHosts.source(outgoing)).isEqualTo("hostA");
        assertThat(EventHosts.target(outgoing)).isNull();
        MigrationEvent incoming = event("hostB", null, JobOperation.MIGRATION_IN);
        assertThat(EventHosts.target(incoming)).isEqualTo("hostB");
        assertThat(EventHosts.source(incoming)).isNull();

        MigrationEvent save = event("hostA", null, JobOperation.SAVE);
        assertThat(EventHosts.source(save)).isNull();
        assertThat(EventHosts.target(save)).isNull();
    }

    private static MigrationEvent event(String host, String role, JobOperation job) {
        return MigrationEvent.newBuilder().setEventId("e").setEventTimeUs(1_700_000_000_000_000L)
                .setPlatform(Platform.LIBVIRT).setSourceFormat("virsh-domjobinfo").setKind(EventKind.STATS)
                .setVm("vm-1").setHost(host).setRole(role).setJob(job).build();
    }
}
