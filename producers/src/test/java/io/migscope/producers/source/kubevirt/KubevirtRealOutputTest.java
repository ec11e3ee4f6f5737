package io.migscope.producers.source.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationPhase;
import io.migscope.avro.PhaseMark;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real kubectl output published by KubeVirt users (samples/kubevirt/README.md names each source): Harvester v1.2.1
 * (KubeVirt 0.54) and v1.7.0 clusters, as {@code kubectl get -o yaml} printed them.
 */
class KubevirtRealOutputTest {

    /** The newest fixture is from November 2025: "far future" is judged after it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String V121_UID = "9f18f964-5233-4f06-a7db-8f0fad5d77be";

    private static Collected parse(List<String> lines) {
        ParseContext ctx = ParseContext.defaults("kubectl").withClock(CLOCK);
        return Collected.run(new KubevirtParser(ctx), lines);
    }

    private static Collected parse(String sample) {
        Collected out = parse(Collected.sample("kubevirt/" + sample));
        assertThat(out.rejections).as(sample).isEmpty();
        return out;
    }

    private static long us(String iso) {
        return Instant.parse(iso).toEpochMilli() * 1000L;
    }

    private static List<String> phases(MigrationEvent e) {
        return e.getPhases().stream().map(p -> p.getPhase() + "@" + Instant.ofEpochMilli(p.getAtUs() / 1000))
                .toList();
    }

    @Test
    void theTargetsMigrationAddressAndPortsAreAddressFacts() {
        List<MigrationEvent> events = parse("harvester-v121/vmi-list.yaml").of(MigrationEvent.class);
        // targetNodeAddress 10.52.0.69 on harv41; targetDirectMigrationNodePorts 33403: 49153, 33561: 49152, 37435: 0
        assertThat(events.get(0).getAddresses()).extracting(f -> tuple(f.getRole(), f.getHost(), f.getAddress(),
                f.getPort(), f.getSource())).containsExactlyInAnyOrder(
                tuple("target", "harv41", "10.52.0.69", null, "kubevirt targetNodeAddress"),
                tuple("target", "harv41", "10.52.0.69", 33403, "kubevirt targetDirectMigrationNodePorts"),
                tuple("target", "harv41", "10.52.0.69", 33561, "kubevirt targetDirectMigrationNodePorts"),
                tuple("target", "harv41", "10.52.0.69", 37435, "kubevirt targetDirectMigrationNodePorts"));
    }

    @Test
    void aVmiListGivesTheFinishedMigrationOfItsMigrationState() {
        List<MigrationEvent> events = parse("harvester-v121/vmi-list.yaml").of(MigrationEvent.class);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(EventKind.STATUS);
            assertThat(e.getVm()).isEqualTo("vm1");
            assertThat(e.getMigrationId()).isEqualTo(V121_UID);
            assertThat(e.getStatus()).isEqualTo("Succeeded");
            assertThat(e.getMode()).isEqualTo("PreCopy");
            assertThat(e.getSourceHost()).isEqualTo("harv2");
            assertThat(e.getTargetHost()).isEqualTo("harv41");
            assertThat(e.getTargetNodeAddress()).isEqualTo("10.52.0.69");
            assertThat(e.getTargetPod()).isEqualTo("virt-launcher-vm1-rmbgb");
            // KubeVirt 0.54 writes no targetNodeDomainReadyTimestamp
            assertThat(e.getTargetReadyAtUs()).isNull();
            assertThat(e.getEventTimeUs()).isEqualTo(us("2024-12-13T12:39:03Z"));
            assertThat(phases(e)).containsOnly("PRECOPY@2024-12-13T12:38:58Z", "COMPLETED@2024-12-13T12:39:03Z");
        });
    }

    /**
     * KubeVirt 0.54's migration objects carry only their phase, without phaseTransitionTimestamps: the request is
     * still there, at the object's creation. Its uid is the one the VMI's migrationState names.
     */
    @Test
    void anOldMigrationObjectIsItsRequestAtItsCreation() {
        List<MigrationEvent> list = parse("harvester-v121/vmim-list.yaml").of(MigrationEvent.class);
        assertThat(list).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(EventKind.PHASE);
            assertThat(e.getVm()).isEqualTo("vm1");
            assertThat(e.getMigrationId()).isEqualTo(V121_UID);
            assertThat(e.getStatus()).isEqualTo("Pending");
            assertThat(phases(e)).containsExactly("REQUESTED@2024-12-13T12:38:45Z", "QUEUED@2024-12-13T12:38:45Z");
        });
        List<MigrationEvent> evacuation = parse("harvester-v121/vmim-evacuation.yaml").of(MigrationEvent.class);
        assertThat(evacuation).extracting(MigrationEvent::getVm, MigrationEvent::getMigrationId,
                        MigrationEvent::getEventTimeUs)
                .containsExactly(tuple("vm3", "d8012bc4-76c2-4246-b7ac-97b1bf90fbb7",
                        us("2024-12-13T15:25:31Z")));
    }

    /** A pending migration of KubeVirt 1.6 (Harvester v1.7.0): its transition, and a migrationState with no time. */
    @Test
    void aPendingMigrationObjectOfANewerKubevirtIsQueuedAndNothingMore() {
        List<MigrationEvent> events = parse("harvester-v170/vmim-pending.yaml").of(MigrationEvent.class);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getMigrationId()).isEqualTo("a57c0c92-ad75-4049-9815-a73a6b9c0c4f");
            assertThat(e.getStatus()).isEqualTo("Pending");
            assertThat(e.getEventTimeUs()).isEqualTo(us("2025-11-06T13:33:02Z"));
        });
    }

    @Test
    void virtControllerLogLinesAreKnownAndSayNothingAboutProgress() {
        Collected out = parse("harvester-v121/virt-controller.log");
        assertThat(out.records).isEmpty();
        assertThat(out.ignored).isEqualTo(Collected.sample("kubevirt/harvester-v121/virt-controller.log").size());
    }

    /** As the outputs follow each other in the report, and as one file of a user's folder. */
    @Test
    void outputsOfSeveralKubectlCommandsInOneFileAreReadOneByOne() {
        List<String> all = new ArrayList<>();
        for (String s : List.of("harvester-v121/vmim-list.yaml", "harvester-v121/vmi-list.yaml",
                "harvester-v121/vmim-evacuation.yaml", "harvester-v121/virt-controller.log",
                "harvester-v170/vmim-pending.yaml")) {
            all.addAll(Collected.sample("kubevirt/" + s));
        }
        Collected out = parse(all);
        assertThat(out.rejections).isEmpty();
        assertThat(out.of(MigrationEvent.class)).extracting(MigrationEvent::getMigrationId).containsExactly(
                V121_UID, V121_UID, "d8012bc4-76c2-4246-b7ac-97b1bf90fbb7", "a57c0c92-ad75-4049-9815-a73a6b9c0c4f");
    }

    @Test
    void aBrokenDocumentIsRejectedWhereItStartsAndTheNextOneIsStillRead() {
        List<String> lines = new ArrayList<>(Collected.sample("kubevirt/harvester-v121/vmim-evacuation.yaml"));
        lines.set(3, "  annotations: [unclosed");
        lines.addAll(Collected.sample("kubevirt/harvester-v170/vmim-pending.yaml"));
        Collected out = parse(lines);
        assertThat(out.rejectedLines()).containsExactly(1L);
        assertThat(out.rejections.get(0).reason()).startsWith("not YAML");
        assertThat(out.of(MigrationEvent.class)).singleElement()
                .extracting(MigrationEvent::getMigrationId).isEqualTo("a57c0c92-ad75-4049-9815-a73a6b9c0c4f");
    }

    /** kubectl get -o json indents its output: the same object over many lines is one object. */
    @Test
    void indentedJsonIsOneObject() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String pretty = new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(yaml.readTree(String.join("\n",
                        Collected.sample("kubevirt/harvester-v121/vmi-list.yaml"))));
        List<MigrationEvent> fromJson = parse(List.of(pretty.split("\n"))).of(MigrationEvent.class);
        List<MigrationEvent> fromYaml = parse("harvester-v121/vmi-list.yaml").of(MigrationEvent.class);
        assertThat(fromJson).hasSize(1);
        assertThat(fromJson.get(0).getEventId()).isEqualTo(fromYaml.get(0).getEventId());
        assertThat(fromJson.get(0).getPhases()).extracting(PhaseMark::getPhase)
                .containsOnly(MigrationPhase.PRECOPY, MigrationPhase.COMPLETED);
    }
}
