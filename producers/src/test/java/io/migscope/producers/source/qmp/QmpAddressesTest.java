package io.migscope.producers.source.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.AddressFact;
import io.migscope.avro.EventKind;
import io.migscope.avro.MigrationEvent;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a migration listens, as QMP says it, on real traces (samples/qmp/two-way and samples/wire-lab: both
 * directions of QEMU 7.2 sessions; QEMU's own QAPI examples for {@code channels}).
 */
class QmpAddressesTest {

    /** The recordings were made with this machine's clock, so "far future" is judged by the clock. */
    private static ParseContext context(String role, String host) {
        return ParseContext.defaults("qmp").withIdentity("vm-1", null, host, role);
    }

    private static List<MigrationEvent> events(ParseContext ctx, List<String> lines) {
        Collected out = Collected.run(new QmpParser(ctx), lines);
        assertThat(out.rejections).isEmpty();
        return out.of(MigrationEvent.class);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void theDestinationsListeningSocketIsCarriedByItsEventsUntilTheMigrationEnds() {
        List<MigrationEvent> events = events(context("destination", "node-b"), concat(
                Collected.sample("qmp/two-way/dst-tcp-addr.jsonl"), Collected.sample("qmp/destination.jsonl")));
        assertThat(events).extracting(MigrationEvent::getStatus).contains("active", "completed");
        AddressFact expected = AddressFact.newBuilder().setRole("target").setHost("node-b").setAddress("10.213.77.2")
                .setPort(4444).setSource("qmp query-migrate socket-address").setTimeUs(null).build();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getAddresses()).containsExactly(expected);
            assertThat(e.getTargetHost()).as("a destination's monitor: its host is the target").isEqualTo("node-b");
            assertThat(e.getSourceHost()).isNull();
        });
    }

    @Test
    void aDestinationListeningOnEveryAddressGivesItsPortOnly() {
        List<MigrationEvent> events = events(context("destination", "node-b"), concat(
                Collected.sample("qmp/two-way/dst-tcp-v6-wildcard.jsonl"), Collected.sample("qmp/destination.jsonl")));
        assertThat(events.get(0).getAddresses()).singleElement().satisfies(f -> {
            assertThat(f.getAddress()).isNull();
            assertThat(f.getPort()).isEqualTo(4445);
        });
    }

    @Test
    void migrateIncomingNamesThePortBeforeQemuIsAskedWhereItListens() {
        List<MigrationEvent> events = events(context("destination", "node-b"),
                Collected.sample("qmp/two-way/dst-defer-incoming.jsonl"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getStatus()).isEqualTo("setup");
            assertThat(e.getAddresses()).singleElement().satisfies(f -> {
                assertThat(f.getSource()).isEqualTo("qmp migrate-incoming uri");
                assertThat(f.getHost()).isEqualTo("node-b");
                assertThat(f.getAddress()).isNull();
                assertThat(f.getPort()).isEqualTo(4446);
            });
        });
    }

    @Test
    void theSourcesMigrateCommandNamesTheTargetForTheMigrationItStarts() {
        List<String> lines = Collected.sample("wire-lab/one/qmp-src-0.rec").stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).toList();
        List<MigrationEvent> events = events(context("source", "node-a"), lines);
        int setup = indexOf(events, "setup");
        int completed = indexOf(events, "completed");
        assertThat(setup).as("the first event: QEMU says nothing before it migrates").isZero();
        assertThat(events.subList(setup, completed + 1)).allSatisfy(e ->
                assertThat(e.getAddresses()).singleElement().satisfies(f -> {
                    assertThat(f.getRole()).isEqualTo("target");
                    assertThat(f.getHost()).as("the source does not know the target's name").isNull();
                    assertThat(f.getAddress()).isEqualTo("10.213.248.2");
                    assertThat(f.getPort()).isEqualTo(49152);
                    assertThat(f.getSource()).isEqualTo("qmp migrate uri");
                    assertThat(f.getTimeUs()).as("the collector stamps what it sends").isPositive();
                }));
        assertThat(events.subList(completed + 1, events.size())).allSatisfy(e ->
                assertThat(e.getAddresses()).isEmpty());
        assertThat(events).allSatisfy(e -> assertThat(e.getSourceHost()).isEqualTo("node-a"));
    }

    @Test
    void theQapiExamplesOfChannelsAndUris() {
        List<String> examples = Collected.sample("qmp/two-way/qapi-examples.jsonl");
        assertThat(first(examples.get(0), "destination")).satisfies(f -> {
            assertThat(f.getSource()).isEqualTo("qmp migrate-incoming uri");
            assertThat(f.getAddress()).isNull();
            assertThat(f.getPort()).isEqualTo(4446);
        });
        assertThat(first(examples.get(1), "source")).satisfies(f -> {
            assertThat(f.getAddress()).as("'0' is not an address").isNull();
            assertThat(f.getPort()).isEqualTo(4446);
        });
        assertThat(first(examples.get(2), "source")).satisfies(f -> {
            assertThat(f.getSource()).isEqualTo("qmp migrate channels");
            assertThat(f.getAddress()).isEqualTo("10.12.34.9");
            assertThat(f.getPort()).isEqualTo(1050);
        });
        List<MigrationEvent> exec = events(context("source", "node-a"),
                concat(List.of(examples.get(3)), Collected.sample("qmp/source.jsonl")));
        assertThat(exec).allSatisfy(e -> assertThat(e.getAddresses()).as("an exec channel has no address").isEmpty());
    }

    private static AddressFact first(String command, String role) {
        List<MigrationEvent> events = events(context(role, "node-b"),
                concat(List.of(command), Collected.sample("qmp/source.jsonl")));
        MigrationEvent e = events.stream().filter(x -> x.getKind() == EventKind.STATUS).findFirst().orElseThrow();
        assertThat(e.getAddresses()).hasSize(1);
        return e.getAddresses().get(0);
    }

    private static int indexOf(List<MigrationEvent> events, String status) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getKind() == EventKind.STATUS && status.equals(events.get(i).getStatus())) {
                return i;
            }
        }
        return -1;
    }
}
