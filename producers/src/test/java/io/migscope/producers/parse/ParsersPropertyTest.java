package io.migscope.producers.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.specific.SpecificRecord;

/**
 * Mutated real lines and random text never make a parser throw, and whatever records come out pass the same
 * plausibility rules the parsers promise (no negative sizes, RTT within 60 s, times after 2000 and not far ahead).
 */
class ParsersPropertyTest {

    private static final long START = 1_714_557_600_000_000L;

    private static ParseContext context() {
        return Collected.context("prop").withIdentity("vm-42", "c1", "h1", "source")
                .withIftop("veth0", START, ParseContext.IFTOP_INTERVAL_US)
                .withPing(null, 100_000L, 1_000_000L);
    }

    @Property(tries = 300)
    void ping(@ForAll("ping") List<String> lines) {
        check("ping", lines);
    }

    @Property(tries = 300)
    void iftop(@ForAll("iftop") List<String> lines) {
        check("iftop", lines);
    }

    @Property(tries = 300)
    void qmp(@ForAll("qmp") List<String> lines) {
        check("qmp", lines);
    }

    /** Both directions of real QMP sessions (samples/qmp/two-way, samples/wire-lab) and QEMU's QAPI examples, mutated. */
    @Property(tries = 300)
    void qmpTwoWay(@ForAll("qmpTwoWay") List<String> lines) {
        check("qmp", lines);
    }

    /** A real iftop recording that starts with the interface's addresses (samples/wire-lab), mutated. */
    @Property(tries = 200)
    void iftopOwnAddresses(@ForAll("iftopOwnAddresses") List<String> lines) {
        check("iftop", lines);
    }

    /** Real kubectl -o yaml output (samples/kubevirt/harvester-*), mutated. */
    @Property(tries = 200)
    void kubevirtYaml(@ForAll("kubevirtYaml") List<String> lines) {
        check("kubevirt", lines);
    }

    @Property(tries = 200)
    void kubevirtYamlVmim(@ForAll("kubevirtYamlVmim") List<String> lines) {
        check("kubevirt", lines);
    }

    @Property(tries = 300)
    void virshEvent(@ForAll("virshEvent") List<String> lines) {
        check("virsh-event", lines);
    }

    @Property(tries = 300)
    void virshDomjobinfo(@ForAll("domjobinfo") List<String> lines) {
        check("virsh-domjobinfo", lines);
    }

    /** A real date-stamped --rawstats poll loop (samples/libvirt-lab), mutated. */
    @Property(tries = 200)
    void virshDomjobinfoRawLoop(@ForAll("domjobinfoRawLoop") List<String> lines) {
        check("virsh-domjobinfo", lines);
    }

    /** Real events of a save and a restore (samples/libvirt-lab), mutated. */
    @Property(tries = 200)
    void virshEventSaveRestore(@ForAll("virshEventSaveRestore") List<String> lines) {
        check("virsh-event", lines);
    }

    @Property(tries = 300)
    void kubevirt(@ForAll("kubevirt") List<String> lines) {
        check("kubevirt", lines);
    }

    @Property(tries = 300)
    void novaLog(@ForAll("nova") List<String> lines) {
        check("nova-log", lines);
    }

    @Property(tries = 300)
    void vsphereEvents(@ForAll("vsphereEvents") List<String> lines) {
        check("vsphere", lines);
    }

    @Property(tries = 300)
    void vsphereTasks(@ForAll("vsphereTasks") List<String> lines) {
        check("vsphere", lines);
    }

    @Property(tries = 300)
    void xenXl(@ForAll("xenXl") List<String> lines) {
        check("xen-xl", lines);
    }

    /** Real xensource.log lines of both ends (xcp-ng/xcp issue #269), mutated. */
    @Property(tries = 300)
    void xenXapiRealLog(@ForAll("xenXapiRealLog") List<String> lines) {
        check("xen-xapi", lines);
    }

    @Property(tries = 300)
    void xenXapiLog(@ForAll("xenXapiLog") List<String> lines) {
        check("xen-xapi", lines);
    }

    @Property(tries = 300)
    void xenXapiTasks(@ForAll("xenXapiTasks") List<String> lines) {
        check("xen-xapi", lines);
    }

    @Property(tries = 200)
    void guestperf(@ForAll("guestperf") List<String> lines) {
        check("guestperf", lines);
    }

    /** The whole report with a few of its lines mutated: the document still closes, its entries are hit. */
    @Property(tries = 100)
    void guestperfWholeReport(@ForAll("guestperfWhole") List<String> lines) {
        check("guestperf", lines);
    }

    @Property(tries = 300)
    void guestStress(@ForAll("guestStress") List<String> lines) {
        check("guest-stress", lines);
    }

    private static void check(String format, List<String> lines) {
        ParseContext ctx = context();
        Collected out = Collected.run(Parsers.create(format, ctx), lines);
        for (SpecificRecord record : out.records) {
            plausible(record, ctx);
        }
        assertThat(out.rejections).allSatisfy(r -> {
            assertThat(r.reason()).isNotBlank();
            assertThat(r.line()).isBetween(1L, (long) lines.size());
        });
    }

    private static void plausible(SpecificRecord record, ParseContext ctx) {
        if (record instanceof MigrationEvent event) {
            assertThat(MigrationEvents.check(event, ctx)).isNull();
            assertThat(event.getEventId()).isNotBlank();
            assertThat(event.getPhases()).allSatisfy(p -> assertThat(Checks.time("phase", p.getAtUs(),
                    ctx.clock())).isNull());
        } else if (record instanceof PingSample ping) {
            assertThat(Checks.time("observed", ping.getObservedTimeUs(), ctx.clock())).isNull();
            assertThat(ping.getRttUs() == null || ping.getRttUs() >= 0 && ping.getRttUs() <= 60_000_000L).isTrue();
            assertThat(ping.getSeqRaw()).isBetween(0, 65535);
            assertThat(ping.getSeq()).isNotNegative();
        } else if (record instanceof GuestSample guest) {
            assertThat(Checks.time("sample", guest.getSampleTimeUs(), ctx.clock())).isNull();
            assertThat(guest.getMsPerGb()).isPositive().isLessThanOrEqualTo(3_600_000.0);
        } else if (record instanceof LinkSample link) {
            assertThat(link.getBytesSent()).isNotNegative();
            assertThat(link.getBytesReceived()).isNotNegative();
            assertThat(link.getIntervalEndUs()).isGreaterThan(link.getIntervalStartUs());
        }
    }

    @Provide
    Arbitrary<List<String>> ping() {
        return mutated("ping/wrap-late-dup.txt");
    }

    @Provide
    Arbitrary<List<String>> iftop() {
        return mutated("iftop/bits.txt");
    }

    @Provide
    Arbitrary<List<String>> qmp() {
        return mutated("qmp/source.jsonl");
    }

    @Provide
    Arbitrary<List<String>> qmpTwoWay() {
        List<String> lines = new ArrayList<>(Collected.sample("qmp/two-way/qapi-examples.jsonl"));
        lines.addAll(Collected.sample("qmp/two-way/dst-defer-incoming.jsonl"));
        lines.addAll(Collected.sample("qmp/two-way/dst-tcp-v6-wildcard.jsonl"));
        Collected.sample("wire-lab/two/qmp-src-1.rec").forEach(l -> lines.add(l.substring(l.indexOf('\t') + 1)));
        return mutated(lines);
    }

    @Provide
    Arbitrary<List<String>> iftopOwnAddresses() {
        return mutated(Collected.sample("wire-lab/two/iftop.rec").stream().map(l -> l.substring(l.indexOf('\t') + 1))
                .toList());
    }

    @Provide
    Arbitrary<List<String>> virshEvent() {
        return mutated("virsh-event/source.txt");
    }

    @Provide
    Arbitrary<List<String>> domjobinfo() {
        return mutated("virsh-domjobinfo/running-then-completed.txt");
    }

    @Provide
    Arbitrary<List<String>> domjobinfoRawLoop() {
        return mutated("libvirt-lab/aborted/domjobinfo-raw-hostA.txt");
    }

    @Provide
    Arbitrary<List<String>> virshEventSaveRestore() {
        return mutated("libvirt-lab/save-restore/events-hostA.txt");
    }

    @Provide
    Arbitrary<List<String>> kubevirt() {
        return mutated("kubevirt/watch.jsonl");
    }

    @Provide
    Arbitrary<List<String>> kubevirtYaml() {
        return mutated("kubevirt/harvester-v121/vmi-list.yaml");
    }

    @Provide
    Arbitrary<List<String>> kubevirtYamlVmim() {
        return mutated("kubevirt/harvester-v170/vmim-pending.yaml");
    }

    @Provide
    Arbitrary<List<String>> nova() {
        return mutated("nova-log/nova-compute.log");
    }

    @Provide
    Arbitrary<List<String>> vsphereEvents() {
        return mutated("vsphere/events-camel.jsonl");
    }

    @Provide
    Arbitrary<List<String>> vsphereTasks() {
        return mutated("vsphere/tasks.json");
    }

    @Provide
    Arbitrary<List<String>> xenXl() {
        return mutated("xen-xl/timestamped-failure.txt");
    }

    @Provide
    Arbitrary<List<String>> xenXapiRealLog() {
        return mutated("xen-xapi/xensource-issue-269.log");
    }

    @Provide
    Arbitrary<List<String>> xenXapiLog() {
        return mutated("xen-xapi/xensource-pool-migrate.log");
    }

    @Provide
    Arbitrary<List<String>> xenXapiTasks() {
        return mutated("xen-xapi/task-list.txt");
    }

    @Provide
    Arbitrary<List<String>> guestperf() {
        return mutated("guestperf/auto-converge.json");
    }

    @Provide
    Arbitrary<List<String>> guestperfWhole() {
        List<String> lines = Collected.sample("guestperf/auto-converge.json");
        Arbitrary<Integer> at = Arbitraries.integers().between(0, lines.size() - 1);
        Arbitrary<String> number = Arbitraries.of("-1", "99999999999999999999", "0", "-0.5", "1e309", "\"x\"",
                "NaN", "null", "3000000000", "[]", "{}");
        return Combinators.combine(at.list().ofMinSize(1).ofMaxSize(4), number).as((points, n) -> {
            List<String> copy = new ArrayList<>(lines);
            for (int i : points) {
                copy.set(i, copy.get(i).replaceFirst("-?\\d+(\\.\\d+)?", n));
            }
            return copy;
        });
    }

    @Provide
    Arbitrary<List<String>> guestStress() {
        return mutated("guest-stress/stress.txt");
    }

    /** The sample with some lines mutated (digits swapped for huge or negative ones, cut, spliced) or random. */
    private static Arbitrary<List<String>> mutated(String sample) {
        return mutated(Collected.sample(sample));
    }

    private static Arbitrary<List<String>> mutated(List<String> lines) {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of(lines),
                Combinators.combine(Arbitraries.of(lines), Arbitraries.integers().between(0, 400))
                        .as((l, cut) -> l.substring(0, Math.min(cut, l.length()))),
                Combinators.combine(Arbitraries.of(lines), Arbitraries.of("-1", "99999999999999999999", "0",
                        "-0.5", "1e309", "", "NaN", "65536", "3000000000"))
                        .as((l, n) -> l.replaceFirst("\\d+", n)),
                Combinators.combine(Arbitraries.of(lines), Arbitraries.of(lines), Arbitraries.integers()
                        .between(0, 200)).as((a, b, at) -> a.substring(0, Math.min(at, a.length()))
                        + b.substring(Math.min(at, b.length()))),
                Arbitraries.strings().ofMaxLength(120));
        return line.list().ofMinSize(1).ofMaxSize(60).map(ArrayList::new);
    }
}
