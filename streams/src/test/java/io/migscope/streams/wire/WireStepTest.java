package io.migscope.streams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.config.MigscopeConfig;
import io.migscope.streams.StreamsProps;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.topics.HostPairs;
import io.migscope.topics.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;

/**
 * The wire step as it runs in the v2 topology: the VM side's summaries (keyed by migration id, repartitioned by
 * host pair) and the link-samples topic meet in its sub-topology. The port of the v1 LinkAttributorTest, plus the
 * promise of the step: the same summaries and samples in any interleaving give the same last summary per migration.
 */
class WireStepTest {
    static final String PAIR_A = HostPairs.key("node-01", "node-04");
    static final long T0 = 1_796_472_060_000_000L;
    private static final long RECOVERY_US = 30_000_000L;

    /** One input of the wire sub-topology: a summary from the VM side, or a link sample. */
    record Input(long timeUs, MigrationSummary summary, LinkSample link) {
        static Input of(MigrationSummary s) {
            // The VM side writes a summary once its recovery window has passed.
            return new Input(s.getCompletedAtUs() == null ? T0 : s.getCompletedAtUs() + RECOVERY_US, s, null);
        }

        static Input of(LinkSample l) {
            return new Input(l.getIntervalEndUs(), null, l);
        }
    }

    /** The wire sub-topology alone, in a TopologyTestDriver with plain Avro serdes. */
    static final class WireDriver implements AutoCloseable {
        private final TopicNames topics = new TopicNames("t.");
        private final TopologySerdes serdes = PlainAvroSerde.topologySerdes();
        private final TopologyTestDriver driver;
        private final TestInputTopic<String, MigrationSummary> ended;
        private final TestInputTopic<String, LinkSample> links;

        WireDriver() {
            Properties props;
            try {
                props = StreamsProps.build(MigscopeConfig.defaults(), "dummy:9092", "wire-test",
                        Files.createTempDirectory("wire-test"), topics, serdes.deadLetters().serializer());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
            StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
            KStream<String, MigrationSummary> summaries = b.stream("ended",
                    Consumed.with(Serdes.String(), serdes.summaries()).withName("ended-source"));
            WireStep.addTo(b, summaries, topics, serdes, serdes.state());
            driver = new TopologyTestDriver(b.build(props), props);
            ended = driver.createInputTopic("ended", Serdes.String().serializer(), serdes.summaries().serializer());
            links = driver.createInputTopic(topics.links(), Serdes.String().serializer(), serdes.links().serializer());
        }

        void pipe(Input in) {
            if (in.summary() != null) {
                ended.pipeInput(in.summary().getMigrationId(), in.summary(), in.timeUs() / 1000);
            } else {
                links.pipeInput(HostPairs.key(in.link().getSourceHost(), in.link().getTargetHost()), in.link(),
                        in.timeUs() / 1000);
            }
        }

        /** Every summary written, in order. */
        List<MigrationSummary> written() {
            return driver.createOutputTopic(topics.summaries(), Serdes.String().deserializer(),
                    serdes.summaries().deserializer()).readValuesToList();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /** The last summary written per migration when the inputs come in this order. */
    static Map<String, MigrationSummary> lastSummaries(List<Input> inputs) {
        try (WireDriver d = new WireDriver()) {
            inputs.forEach(d::pipe);
            Map<String, MigrationSummary> last = new java.util.TreeMap<>();
            d.written().forEach(s -> last.put(s.getMigrationId(), s));
            return last;
        }
    }

    static long us(double s) {
        return T0 + Math.round(s * 1_000_000L);
    }

    static MigrationSummary summary(String id, String source, String target, double startS, double endS) {
        return MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setPlatform(Platform.SIMULATOR)
                .setSourceHost(source).setTargetHost(target).setOutcome("completed").setStartedAtUs(us(startS))
                .setCompletedAtUs(us(endS)).build();
    }

    static LinkSample link(String host, String source, String target, int port, int endS, long sent, long received) {
        return LinkSample.newBuilder().setHost(host).setSourceHost(source).setTargetHost(target).setSourcePort(port)
                .setTargetPort(49153).setIntervalStartUs(us(endS - 2)).setIntervalEndUs(us(endS)).setBytesSent(sent)
                .setBytesReceived(received).build();
    }

    /** iftop's 2 s blocks of one flow from node-01 to node-04, ending at {@code fromEndS}..{@code toEndS}. */
    private static List<Input> flowA(int port, int fromEndS, int toEndS, long bytesPerBlock) {
        List<Input> out = new ArrayList<>();
        for (int end = fromEndS; end <= toEndS; end += 2) {
            out.add(Input.of(link("node-01", "node-01", "node-04", port, end, bytesPerBlock * end, end)));
        }
        return out;
    }

    @Test
    void bytesOfTheSamplesTheTransferOverlapsAreItsOwn() {
        // mig-1 transfers from 3 s to 9 s; the blocks ending at 4, 6, 8 and 10 s overlap it, later ones do not
        List<Input> in = new ArrayList<>(flowA(49152, 4, 30, 1_000L));
        in.add(Input.of(summary("mig-1", "node-01", "node-04", 3, 9)));

        MigrationSummary s = lastSummaries(in).get("mig-1");

        assertThat(s.getWireBytes()).isEqualTo(1_000L * (4 + 6 + 8 + 10) + (4 + 6 + 8 + 10));
        assertThat(s.getWireBytesNote()).isNull();
    }

    @Test
    void aSharedPairIsSaidAndItsBytesAreNotSplit() {
        List<Input> in = new ArrayList<>();
        in.add(Input.of(summary("mig-1", "node-01", "node-04", 3, 9)));
        in.add(Input.of(summary("mig-2", "node-04", "node-01", 7, 12)));
        in.addAll(flowA(49152, 4, 14, 100L));

        Map<String, MigrationSummary> out = lastSummaries(in);

        assertThat(out.get("mig-1").getWireBytes()).isEqualTo(100L * (4 + 6 + 8 + 10) + (4 + 6 + 8 + 10));
        assertThat(out.get("mig-1").getWireBytesNote()).contains("shared with up to 1 other");
        assertThat(out.get("mig-2").getWireBytes()).isEqualTo(100L * (8 + 10 + 12 + 14) + (8 + 10 + 12 + 14));
        assertThat(out.get("mig-2").getWireBytesNote()).contains("shared with up to 1 other");
    }

    @Test
    void bothDirectionsAndEveryFlowOfThePairCount() {
        List<Input> in = new ArrayList<>();
        in.add(Input.of(summary("mig-1", "node-01", "node-04", 3, 9)));
        in.addAll(flowA(49152, 4, 10, 10L));
        // iftop printed this flow the other way round: same pair, its own bytes
        for (int end = 4; end <= 10; end += 2) {
            in.add(Input.of(link("node-01", "node-04", "node-01", 50000, end, 7L, 3L)));
        }

        assertThat(lastSummaries(in).get("mig-1").getWireBytes())
                .isEqualTo(10L * (4 + 6 + 8 + 10) + (4 + 6 + 8 + 10) + 4 * 10L);
    }

    @Test
    void duplicateSamplesAreCountedOnce() {
        List<Input> once = new ArrayList<>(flowA(49152, 4, 12, 1_000L));
        once.add(Input.of(summary("mig-1", "node-01", "node-04", 3, 9)));
        List<Input> twice = new ArrayList<>();
        for (Input i : once) {
            twice.add(i);
            twice.add(i);
        }
        // and once more after the summary
        twice.addAll(flowA(49152, 4, 12, 1_000L));

        MigrationSummary expected = lastSummaries(once).get("mig-1");
        assertThat(expected.getWireBytes()).isEqualTo(1_000L * (4 + 6 + 8 + 10) + (4 + 6 + 8 + 10));
        assertThat(lastSummaries(twice).get("mig-1")).isEqualTo(expected);
    }

    @Test
    void aSummaryWhoseBytesDoNotChangeIsNotWrittenAgain() {
        try (WireDriver d = new WireDriver()) {
            flowA(49152, 4, 12, 1_000L).forEach(d::pipe);
            Input s = Input.of(summary("mig-1", "node-01", "node-04", 3, 9));
            d.pipe(s);
            d.pipe(s);
            flowA(49152, 4, 12, 1_000L).forEach(d::pipe);
            flowA(49152, 20, 30, 1_000L).forEach(d::pipe);

            assertThat(d.written()).hasSize(1);
        }
    }

    @Test
    void anUnknownHostPairIsSaidAndGetsNoBytes() {
        List<Input> in = new ArrayList<>(flowA(49152, 4, 12, 1_000L));
        in.add(Input.of(summary("mig-x", null, "node-04", 3, 9)));

        MigrationSummary s = lastSummaries(in).get("mig-x");

        assertThat(s.getWireBytes()).isNull();
        assertThat(s.getWireBytesNote()).contains("source or target host is not known");
    }

    @Test
    void aMigrationThatNeverTransferredOwnsNoBytes() {
        List<Input> in = new ArrayList<>(flowA(49152, 4, 12, 100L));
        in.add(Input.of(MigrationSummary.newBuilder(summary("mig-3", "node-01", "node-04", 3, 9))
                .setStartedAtUs(null).build()));

        MigrationSummary s = lastSummaries(in).get("mig-3");

        assertThat(s.getWireBytes()).isNull();
        assertThat(s.getWireBytesNote()).contains("start or end is not known");
    }

    @Test
    void aPairWithoutSamplesSaysSo() {
        MigrationSummary s = lastSummaries(List.of(Input.of(summary("mig-1", "node-02", "node-03", 3, 9))))
                .get("mig-1");

        assertThat(s.getWireBytes()).isNull();
        assertThat(s.getWireBytesNote()).contains("no link samples");
    }

    /**
     * Two host pairs, a migration sharing its pair with another for part of its transfer, one alone, two flows
     * and both directions, an unknown pair: the inputs the orders below shuffle.
     */
    static List<Input> fleet() {
        List<Input> in = new ArrayList<>();
        in.add(Input.of(summary("a-1", "node-01", "node-04", 3, 19)));
        in.add(Input.of(summary("a-2", "node-04", "node-01", 11, 27)));
        in.add(Input.of(summary("a-3", "node-01", "node-04", 41, 55)));
        in.add(Input.of(summary("b-1", "node-02", "node-03", 5, 15)));
        in.add(Input.of(summary("x-1", null, null, 5, 15)));
        in.addAll(flowA(49152, 2, 30, 1_000L));
        in.addAll(flowA(49160, 12, 28, 3_000L));
        in.addAll(flowA(49152, 42, 56, 5_000L));
        for (int end = 6; end <= 16; end += 2) {
            in.add(Input.of(link("node-03", "node-03", "node-02", 51000, end, 17L * end, 5L)));
        }
        return in;
    }

    @Test
    void anyInterleavingOfSummariesAndSamplesGivesTheSameLastSummaries() {
        List<Input> byTime = new ArrayList<>(fleet());
        byTime.sort(Comparator.comparingLong(Input::timeUs));
        Map<String, MigrationSummary> expected = lastSummaries(byTime);
        assertThat(expected).containsOnlyKeys("a-1", "a-2", "a-3", "b-1", "x-1");
        assertThat(expected.get("a-1").getWireBytesNote()).contains("shared with up to 1 other");
        assertThat(expected.get("a-3").getWireBytesNote()).isNull();
        assertThat(expected.get("a-3").getWireBytes()).isEqualTo(5_000L * (42 + 44 + 46 + 48 + 50 + 52 + 54 + 56)
                + (42 + 44 + 46 + 48 + 50 + 52 + 54 + 56));
        assertThat(expected.get("b-1").getWireBytes()).isEqualTo(17L * (6 + 8 + 10 + 12 + 14 + 16) + 6 * 5L);

        List<Input> summariesFirst = new ArrayList<>(fleet());
        summariesFirst.sort(Comparator.comparing(i -> i.summary() == null));
        List<Input> samplesFirst = new ArrayList<>(fleet());
        samplesFirst.sort(Comparator.comparing(i -> i.summary() != null));
        List<Input> reversed = new ArrayList<>(byTime);
        Collections.reverse(reversed);
        assertThat(lastSummaries(summariesFirst)).as("summaries first").isEqualTo(expected);
        assertThat(lastSummaries(samplesFirst)).as("samples first").isEqualTo(expected);
        assertThat(lastSummaries(reversed)).as("reversed").isEqualTo(expected);
        for (long seed = 1; seed <= 4; seed++) {
            List<Input> shuffled = new ArrayList<>(fleet());
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(lastSummaries(shuffled)).as("shuffled with seed %d", seed).isEqualTo(expected);
        }
    }

    /**
     * Two migrations of one pair whose transfers do not overlap but fall in one iftop block (a-1 ends at 9 s, a-2
     * starts at 9.5 s; the block 8..10 s holds bytes of both): whether each summary says the pair was shared must
     * not depend on which of the two summaries came first, nor on whether the block came before them.
     */
    @Test
    void migrationsSharingOnlyOneIftopBlockGetTheSameNotesInAnyOrder() {
        List<Input> in = new ArrayList<>(flowA(49152, 4, 20, 1_000L));
        in.add(Input.of(summary("a-1", "node-01", "node-04", 3, 9)));
        in.add(Input.of(summary("a-2", "node-01", "node-04", 9.5, 18)));
        List<Input> summariesFirst = new ArrayList<>(in);
        summariesFirst.sort(Comparator.comparing(i -> i.summary() == null));
        List<Input> samplesFirst = new ArrayList<>(in);
        samplesFirst.sort(Comparator.comparing(i -> i.summary() != null));

        Map<String, MigrationSummary> expected = lastSummaries(summariesFirst);
        assertThat(expected.get("a-1").getWireBytesNote()).as("summaries first").contains("shared with up to 1 other");
        assertThat(lastSummaries(samplesFirst)).as("samples first").isEqualTo(expected);
    }

    /**
     * iftop runs on every node (the collectors DaemonSet), so both ends of a migration measure its connection: the
     * source's and the target's samples of one block are the same bytes, seen twice, and must count once.
     */
    @Test
    void theSameBlockMeasuredAtBothEndsCountsOnce() {
        List<Input> in = new ArrayList<>(flowA(49152, 4, 10, 1_000L));
        for (int end = 4; end <= 10; end += 2) {
            // node-04's iftop saw the pair from its side: the same flow, directions swapped
            in.add(Input.of(link("node-04", "node-04", "node-01", 49153, end, end, 1_000L * end)));
        }
        in.add(Input.of(summary("a-1", "node-01", "node-04", 3, 9)));

        assertThat(lastSummaries(in).get("a-1").getWireBytes())
                .isEqualTo(1_000L * (4 + 6 + 8 + 10) + (4 + 6 + 8 + 10));
    }
}
