package io.migscope.producers.source.iftop;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.LinkSample;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IftopParserTest {

    private static final long START = 1_714_557_600_000_000L;

    private static ParseContext context(Long startedAt) {
        return Collected.context("iftop.txt").withIdentity(null, "c1", "src-host", null)
                .withIftop("veth0", startedAt, ParseContext.IFTOP_INTERVAL_US);
    }

    @Test
    void bitRatesBecomeBytesPerTwoSecondInterval() {
        Collected out = Collected.run(new IftopParser(context(START)), Collected.sample("iftop/bits.txt"));
        assertThat(out.rejections).isEmpty();
        List<LinkSample> samples = out.of(LinkSample.class);
        assertThat(samples).hasSize(3);
        LinkSample first = samples.get(0);
        assertThat(first.getSourceHost()).isEqualTo("10.0.0.1");
        assertThat(first.getTargetHost()).isEqualTo("10.0.0.2");
        assertThat(first.getSourcePort()).isNull();
        // 1.20 Kb/s = 1.2 * 1024 / 8 = 153.6 B/s, over 2 s
        assertThat(first.getBytesSent()).isEqualTo(307L);
        // 352 b/s = 44 B/s, over 2 s
        assertThat(first.getBytesReceived()).isEqualTo(88L);
        assertThat(first.getCumulativeSentBytes()).isEqualTo(308L);
        assertThat(first.getIntervalStartUs()).isEqualTo(START);
        assertThat(first.getIntervalEndUs()).isEqualTo(START + 2_000_000L);
        assertThat(first.getHost()).isEqualTo("src-host");
        assertThat(first.getIface()).isEqualTo("veth0");
        LinkSample big = samples.get(1);
        assertThat(big.getIntervalEndUs()).isEqualTo(START + 4_000_000L);
        // 12.5 Mb/s = 12.5 * 2^20 / 8 B/s = 1,638,400 B/s
        assertThat(big.getBytesReceived()).isEqualTo(3_276_800L);
        // 9.41 Gb/s is about 1.18 GB/s: 2.36 GB in 2 s
        assertThat(big.getBytesSent()).isBetween(2_525_000_000L, 2_526_500_000L);
        assertThat(big.getCumulativeSentBytes()).isBetween(2_362_000_000L, 2_362_500_000L);
        assertThat(samples.get(2).getBytesSent()).isEqualTo(25_600L);
        assertThat(samples.get(2).getBytesReceived()).isZero();
    }

    @Test
    void byteUnitsAndPortsWithMinusBAndMinusP() {
        Collected out = Collected.run(new IftopParser(context(START)), Collected.sample("iftop/bytes-ports.txt"));
        assertThat(out.rejections).isEmpty();
        List<LinkSample> samples = out.of(LinkSample.class);
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).getSourcePort()).isEqualTo(49152);
        assertThat(samples.get(0).getTargetPort()).isEqualTo(16509);
        // 1.10 GB/s with the 1024 divisor, over 2 s
        assertThat(samples.get(0).getBytesSent()).isEqualTo(2_362_232_013L);
        assertThat(samples.get(0).getBytesReceived()).isEqualTo(3_145_728L);
        assertThat(samples.get(1).getSourceHost()).isEqualTo("fe80::1");
        assertThat(samples.get(1).getSourcePort()).isEqualTo(22);
        assertThat(samples.get(1).getTargetPort()).isEqualTo(50022);
        assertThat(samples.get(1).getBytesSent()).isEqualTo(1024L);
        assertThat(samples.get(1).getCumulativeSentBytes()).isEqualTo(1024L);
    }

    @Test
    void withoutAStartTimeBlocksAreRejectedUnlessStamped() {
        List<String> lines = Collected.sample("iftop/bytes-ports.txt");
        Collected unstamped = Collected.run(new IftopParser(context(null)), lines);
        assertThat(unstamped.records).isEmpty();
        assertThat(unstamped.rejections).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no time"));
        IftopParser parser = new IftopParser(context(null));
        parser.stampNextBlock(START + 7_000_000L);
        Collected stamped = Collected.run(parser, lines);
        assertThat(stamped.of(LinkSample.class)).extracting(LinkSample::getIntervalEndUs)
                .containsOnly(START + 7_000_000L);
    }

    @Test
    void rejectsBrokenPairsCutBlocksAndBitCumulatives() {
        List<String> lines = new ArrayList<>(Collected.sample("iftop/bits.txt"));
        int firstPair = lines.indexOf(lines.stream().filter(l -> l.contains(" => ")).findFirst().orElseThrow());
        lines.remove(firstPair + 1);
        lines.add(lines.get(4));
        lines.add(lines.get(5));
        lines.add("   1 10.0.0.1                                 =>     1.20Kb     1.20Kb     1.20Kb      308b");
        Collected out = Collected.run(new IftopParser(context(START)), lines);
        assertThat(out.rejections).extracting(r -> r.reason()).anySatisfy(r -> assertThat(r).contains("'<='"))
                .anySatisfy(r -> assertThat(r).contains("cumulative column in bits"))
                .anySatisfy(r -> assertThat(r).contains("never closed"));
    }
    /** samples/wire-lab: iftop on node-a's end of a veth, the interface's addresses first, as the collector wrote them. */
    @Test
    void theInterfacesOwnEndComesFirstAndTheCollectorsAddressesSayWhichItIs() {
        List<String> recorded = Collected.sample("wire-lab/one/iftop.rec").stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).toList();
        List<LinkSample> samples = Collected.run(new IftopParser(context(START)), recorded).of(LinkSample.class);
        assertThat(samples).isNotEmpty().allSatisfy(l -> assertThat(l.getSourceHost()).isEqualTo("10.213.248.1"));
        LinkSample migration = samples.stream().filter(l -> Integer.valueOf(49152).equals(l.getTargetPort()))
                .max(java.util.Comparator.comparingLong(LinkSample::getBytesSent)).orElseThrow();
        assertThat(migration.getBytesSent()).as("the source sends the memory").isGreaterThan(1L << 20);
        // Told that the other end is its own, the parser turns every flow round: ends, ports and bytes.
        List<String> otherEnd = new ArrayList<>(List.of("IP address is: 10.213.248.2"));
        recorded.stream().filter(l -> !l.startsWith("IP")).forEach(otherEnd::add);
        List<LinkSample> turned = Collected.run(new IftopParser(context(START)), otherEnd).of(LinkSample.class);
        assertThat(turned).hasSameSizeAs(samples);
        for (int i = 0; i < samples.size(); i++) {
            LinkSample a = samples.get(i);
            LinkSample b = turned.get(i);
            assertThat(b.getSourceHost()).isEqualTo(a.getTargetHost());
            assertThat(b.getSourcePort()).isEqualTo(a.getTargetPort());
            assertThat(b.getBytesSent()).isEqualTo(a.getBytesReceived());
            assertThat(b.getCumulativeReceivedBytes()).isEqualTo(a.getCumulativeSentBytes());
        }
    }
}
