package io.migscope.producers.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.Parsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collect vsphere against a stand-in govc: a script that prints recorded govc output (a real process boundary) and
 * notes the arguments and the GOVC_* environment it was given.
 */
class VsphereCollectorTest {

    private static final class Kept implements ParsingSink.Outlet {
        final List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        final List<DeadLetter> dead = new CopyOnWriteArrayList<>();

        @Override
        public void publish(MigrationEvent e) {
            events.add(e);
        }

        @Override
        public void publish(PingSample p) {
        }

        @Override
        public void publish(io.migscope.avro.GuestSample g) {
        }

        @Override
        public void publish(LinkSample l) {
        }

        @Override
        public void publish(DeadLetter d) {
            dead.add(d);
        }
    }

    @Test
    void followsGovcWithTheLoginInItsEnvironmentOnly(@TempDir Path dir) throws Exception {
        Path recorded = dir.resolve("govc.out");
        List<String> real = Collected.sample("vsphere/events-issue-2420.json");
        List<String> camel = Collected.sample("vsphere/events-camel.jsonl");
        Files.write(recorded, real);
        Files.write(recorded, camel, java.nio.file.StandardOpenOption.APPEND);
        Path govc = dir.resolve("govc");
        Files.writeString(govc, "#!/bin/sh\n"
                + "echo \"$@\" > '" + dir.resolve("args") + "'\n"
                + "env | grep '^GOVC_' | sort > '" + dir.resolve("env") + "'\n"
                + "cat '" + recorded + "'\n"
                + "sleep 30\n");
        Files.setPosixFilePermissions(govc, PosixFilePermissions.fromString("rwx------"));
        Kept kept = new Kept();
        var login = new VsphereCollector.Login("https://vc.example/sdk", "svc-migscope", "s3cret-pw", true);
        ParsingSink sink = new ParsingSink("govc events", Parsers.create("vsphere",
                Collected.context("govc events").withIdentity(null, "vc-east", null, null)), kept);

        try (VsphereCollector collector = new VsphereCollector(govc.toString(), login, List.of("/dc1/vm"), sink)
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> kept.events.size() >= 6);
        }

        assertThat(kept.events).extracting(MigrationEvent::getVm).containsExactly("grafana_rh", "grafana_rh1",
                "DC0_C0_RP0_VM0", "DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1", "DC0_C0_RP0_VM2");
        assertThat(kept.events).allSatisfy(e -> assertThat(e.getCluster()).isEqualTo("vc-east"));
        // the stray closing brace at the top of the real capture
        assertThat(kept.dead).singleElement().satisfies(d -> assertThat(d.getLine()).isEqualTo(1L));
        String args = Files.readString(dir.resolve("args"));
        assertThat(args).startsWith("events -f -l -json -type VmBeingHotMigratedEvent").endsWith("/dc1/vm\n")
                .doesNotContain("s3cret-pw");
        assertThat(Files.readAllLines(dir.resolve("env"))).containsExactly("GOVC_INDENT=false",
                "GOVC_INSECURE=true", "GOVC_PASSWORD=s3cret-pw", "GOVC_URL=https://vc.example/sdk",
                "GOVC_USERNAME=svc-migscope");
        assertThat(login.toString()).doesNotContain("s3cret-pw");
    }
}
