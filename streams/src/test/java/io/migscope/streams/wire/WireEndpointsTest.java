package io.migscope.streams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.AddressFact;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.config.MigscopeConfig;
import io.migscope.hosts.HostInventory;
import io.migscope.topics.HostPairs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where samples and migrations meet, and which samples are whose: pure rules over one record and the inventory. */
class WireEndpointsTest {
    private static final long T0 = 1_796_672_000_000_000L;
    private static final WireEndpoints NO_INVENTORY = new WireEndpoints(HostInventory.empty());
    private static final WireEndpoints INVENTORY = new WireEndpoints(HostInventory.from(MigscopeConfig.builder().build()
            .with(Map.of("hosts.node-a.addresses", "10.0.3.11,fd00::11", "hosts.node-b.addresses", "10.0.3.12"))));

    @Test
    void aSampleGoesToEachOfItsEndpointsAndToItsMeasuringHost() {
        LinkSample l = sample("node-a", "10.0.3.11", 40000, "10.0.3.12", 49152, 1000);
        assertThat(NO_INVENTORY.of(l)).containsExactly("10.0.3.11", "10.0.3.12", "node-a");
        assertThat(INVENTORY.of(l)).containsExactly("node-a", "node-b");
        // IPv6 in any text form is one endpoint
        assertThat(INVENTORY.endpoint("FD00:0::11")).isEqualTo("node-a");
    }

    @Test
    void theInventoryWinsOverAMeasuringHostThatContradictsIt() {
        LinkSample l = sample("node-x", "10.0.3.11", 40000, "10.0.3.12", 49152, 1000);
        assertThat(INVENTORY.contradicts(l)).isTrue();
        assertThat(INVENTORY.of(l)).containsExactly("node-a", "node-b");
        assertThat(INVENTORY.names(l, true)).containsExactly("node-a");
    }

    @Test
    void aMigrationIsCountedWhereItsOwnEvidencePutsItsTarget() {
        MigrationSummary noFacts = summary("m1", List.of());
        assertThat(NO_INVENTORY.targetOf(noFacts)).isEqualTo("node-b");
        assertThat(NO_INVENTORY.markerOf(noFacts)).isEqualTo("node-a");
        MigrationSummary uri = summary("m2", List.of(fact("10.0.3.12", 49152, "qmp migrate uri")));
        assertThat(NO_INVENTORY.targetOf(uri)).as("the URI's address: where the bytes went").isEqualTo("10.0.3.12");
        assertThat(INVENTORY.targetOf(uri)).as("an address the inventory gives the target").isEqualTo("node-b");
        MigrationSummary wildcard = summary("m3", List.of(fact("0.0.0.0", 49152, "qmp migrate-incoming uri")));
        assertThat(NO_INVENTORY.targetOf(wildcard)).as("listening everywhere says nothing").isEqualTo("node-b");
        assertThat(WireEndpoints.ports(wildcard)).containsExactly(49152);
        assertThat(NO_INVENTORY.targetOf(MigrationSummary.newBuilder(noFacts).setTargetHost(null).build()))
                .isEqualTo(HostPairs.UNKNOWN);
    }

    @Test
    void aFactTheInventoryContradictsIsFlaggedAndNotUsed() {
        MigrationSummary s = summary("m1", List.of(fact("10.0.3.11", 49152, "qmp migrate uri")));
        assertThat(INVENTORY.targetOf(s)).as("10.0.3.11 is node-a's, not the target's").isEqualTo("node-b");
        assertThat(INVENTORY.contradictions(s)).singleElement().asString().contains("10.0.3.11")
                .contains("hosts.node-a.addresses").contains("the inventory wins");
        assertThat(NO_INVENTORY.contradictions(s)).isEmpty();
    }

    @Test
    void twoMigrationsBetweenTheSameHostsAreToldApartByTheirPorts() {
        MigrationSummary m1 = summary("m1", List.of(fact("10.0.3.12", 49152, "qmp migrate uri")));
        MigrationSummary m2 = summary("m2", List.of(fact("10.0.3.12", 49153, "qmp migrate uri")));
        // iftop on the source: its own end first
        LinkSample toFirst = sample("node-a", "10.0.3.11", 40000, "10.0.3.12", 49152, 1000);
        LinkSample toSecond = sample("node-a", "10.0.3.11", 40002, "10.0.3.12", 49153, 1000);
        String at = "10.0.3.12";
        assertThat(WireMatch.of(m1, at, NO_INVENTORY).how(toFirst, at, NO_INVENTORY)).isEqualTo(WireMatch.How.BY_PORT);
        assertThat(WireMatch.of(m1, at, NO_INVENTORY).how(toSecond, at, NO_INVENTORY)).isEqualTo(WireMatch.How.NO);
        assertThat(WireMatch.of(m2, at, NO_INVENTORY).how(toSecond, at, NO_INVENTORY)).isEqualTo(WireMatch.How.BY_PORT);
        // iftop on the target: its own end (with the port) first
        LinkSample seenAtTarget = sample("node-b", "10.0.3.12", 49152, "10.0.3.11", 40000, 1000);
        assertThat(WireMatch.of(m1, at, NO_INVENTORY).how(seenAtTarget, at, NO_INVENTORY))
                .isEqualTo(WireMatch.How.BY_PORT);
        // a ping between the hosts has no ports: the source's name still matches it (iftop without -P looks so)
        LinkSample ping = sample("node-a", "10.0.3.11", null, "10.0.3.12", null, 1000);
        assertThat(WireMatch.of(m1, at, NO_INVENTORY).how(ping, at, NO_INVENTORY)).isEqualTo(WireMatch.How.BY_NAME);
    }

    @Test
    void withoutPortsTheOtherEndMustBeTheOtherHost() {
        MigrationSummary m = summary("m1", List.of());
        LinkSample fromSource = sample("node-a", "10.0.3.11", null, "10.0.3.12", null, 1000);
        LinkSample fromElsewhere = sample("node-c", "10.0.3.13", null, "10.0.3.12", null, 1000);
        assertThat(WireMatch.of(m, "node-b", INVENTORY).how(fromSource, "node-b", INVENTORY))
                .isEqualTo(WireMatch.How.BY_NAME);
        assertThat(WireMatch.of(m, "node-b", INVENTORY).how(fromElsewhere, "node-b", INVENTORY))
                .isEqualTo(WireMatch.How.NO);
        // at its source, as a marker: the other end must be the target
        assertThat(WireMatch.of(m, "node-a", INVENTORY).atTarget()).isFalse();
        assertThat(WireMatch.of(m, "node-a", INVENTORY).how(fromSource, "node-a", INVENTORY))
                .isEqualTo(WireMatch.How.BY_NAME);
    }

    @Test
    void onlySamplesOverlappingTheTransferCount() {
        MigrationSummary m = summary("m1", List.of());
        LinkSample before = sample("node-a", "10.0.3.11", null, "10.0.3.12", null, -5_000);
        LinkSample lastBlock = sample("node-a", "10.0.3.11", null, "10.0.3.12", null, 11_500);
        LinkSample after = sample("node-a", "10.0.3.11", null, "10.0.3.12", null, 14_000);
        WireMatch w = WireMatch.of(m, "node-b", INVENTORY);
        assertThat(w.matches(before, "node-b", INVENTORY)).isFalse();
        assertThat(w.matches(lastBlock, "node-b", INVENTORY)).as("its interval began before the end").isTrue();
        assertThat(w.matches(after, "node-b", INVENTORY)).isFalse();
    }

    private static MigrationSummary summary(String id, List<AddressFact> facts) {
        return MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setPlatform(Platform.QEMU)
                .setSourceHost("node-a").setTargetHost("node-b").setOutcome("completed")
                .setStartedAtUs(T0).setCompletedAtUs(T0 + 10_000_000L).setAddresses(facts).build();
    }

    private static AddressFact fact(String address, Integer port, String source) {
        return AddressFact.newBuilder().setRole("target").setAddress(address).setPort(port).setSource(source).build();
    }

    /** A 2 s iftop interval ending {@code endMs} after the transfer started. */
    private static LinkSample sample(String host, String src, Integer srcPort, String dst, Integer dstPort, long endMs) {
        long end = T0 + endMs * 1000;
        return LinkSample.newBuilder().setHost(host).setSourceHost(src).setSourcePort(srcPort).setTargetHost(dst)
                .setTargetPort(dstPort).setIntervalStartUs(end - 2_000_000).setIntervalEndUs(end).setBytesSent(1000)
                .setBytesReceived(10).build();
    }
}
