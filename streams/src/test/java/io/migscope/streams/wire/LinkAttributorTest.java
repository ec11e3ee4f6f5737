package io.migscope.streams.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import io.migscope.avro.Platform;
import io.migscope.streams.testing.PlainAvroSerde;
import io.migscope.topics.HostPairs;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attributor alone, fed in the orders its three inputs can really arrive in: link samples run ahead of the
 * summaries, and a summary can come before its final timeline (they travel through different repartition topics).
 */
class LinkAttributorTest {
    private static final String PAIR = HostPairs.key("node-01", "node-04");
    private static final long T0 = 1_796_472_060_000_000L;
    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> in;

    @BeforeEach
    void start() {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(LinkAttributor.store());
        b.addStateStore(LinkAttributor.samplesStore());
        b.stream("in", Consumed.with(Serdes.String(), PlainAvroSerde.of(SpecificRecord.class)))
                .process(LinkAttributor::new, Named.as("attribute"), LinkAttributor.STORE, LinkAttributor.SAMPLES)
                .to("out", Produced.with(Serdes.String(), PlainAvroSerde.of(MigrationSummary.class)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "link-attributor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(b.build(), props);
        in = driver.createInputTopic("in", Serdes.String().serializer(), PlainAvroSerde.<SpecificRecord>of(SpecificRecord.class).serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSummaryBeforeItsFinalTimelineCountsOnlyItsOwnTransfer() {
        // mig-1 transfers from 3 s to 9 s; mig-2 on the same pair from 11 s to 30 s.
        in.pipeInput(PAIR, timeline("mig-1", false, phase("precopy", 3)), ms(3));
        for (int end = 4; end <= 30; end += 2) {
            in.pipeInput(PAIR, link(end - 2, end, 1_000L * end), ms(end));
        }
        in.pipeInput(PAIR, timeline("mig-2", true, phase("precopy", 11), phase("completed", 30)), ms(30));
        // The summary of mig-1 comes while only its first, open timeline is known.
        in.pipeInput(PAIR, summary("mig-1", 3, 9), ms(12));

        MigrationSummary s = outputs().get("mig-1");
        // Intervals ending at 4, 6, 8 and 10 s overlap 3..9 s; the later ones are mig-2's.
        assertThat(s.getWireBytes()).isEqualTo(1_000L * (4 + 6 + 8 + 10) * 2);
        assertThat(s.getWireBytesNote()).as("mig-2 started after mig-1 ended").isNull();
    }

    @Test
    void aSharedPairIsSaidAndItsBytesAreNotSplit() {
        in.pipeInput(PAIR, timeline("mig-1", true, phase("precopy", 3), phase("completed", 9)), ms(9));
        in.pipeInput(PAIR, timeline("mig-2", false, phase("precopy", 7)), ms(7));
        for (int end = 4; end <= 10; end += 2) {
            in.pipeInput(PAIR, link(end - 2, end, 100L), ms(end));
        }
        in.pipeInput(PAIR, summary("mig-1", 3, 9), ms(12));

        MigrationSummary s = outputs().get("mig-1");
        assertThat(s.getWireBytes()).isEqualTo(4 * 200L);
        assertThat(s.getWireBytesNote()).contains("shared with up to 1 other");
    }

    @Test
    void aMigrationThatNeverTransferredOwnsNoBytes() {
        for (int end = 4; end <= 10; end += 2) {
            in.pipeInput(PAIR, link(end - 2, end, 100L), ms(end));
        }
        MigrationSummary queued = MigrationSummary.newBuilder(summary("mig-3", 3, 9)).setStartedAtUs(null).build();
        in.pipeInput(PAIR, queued, ms(12));

        MigrationSummary s = outputs().get("mig-3");
        assertThat(s.getWireBytes()).isNull();
        assertThat(s.getWireBytesNote()).contains("no link samples");
    }

    private Map<String, MigrationSummary> outputs() {
        return driver.createOutputTopic("out", Serdes.String().deserializer(),
                PlainAvroSerde.of(MigrationSummary.class).deserializer()).readKeyValuesToMap();
    }

    private static long us(int s) {
        return T0 + s * 1_000_000L;
    }

    private static long ms(int s) {
        return us(s) / 1000;
    }

    private static Phase phase(String name, int atS) {
        return Phase.newBuilder().setName(name).setStartUs(us(atS)).setStartSource("test").build();
    }

    private static MigrationTimeline timeline(String id, boolean fin, Phase... phases) {
        return MigrationTimeline.newBuilder().setMigrationId(id).setVm("vm-" + id).setPlatform(Platform.SIMULATOR)
                .setSourceHost("node-01").setTargetHost("node-04").setPhases(List.of(phases))
                .setOutcome(fin ? "completed" : null).setFinal$(fin).setUpdatedUs(phases[phases.length - 1].getStartUs())
                .build();
    }

    private static MigrationSummary summary(String id, int startS, int endS) {
        return MigrationSummary.newBuilder().setMigrationId(id).setVm("vm-" + id).setPlatform(Platform.SIMULATOR)
                .setSourceHost("node-01").setTargetHost("node-04").setOutcome("completed")
                .setStartedAtUs(us(startS)).setCompletedAtUs(us(endS)).build();
    }

    private static LinkSample link(int startS, int endS, long bytes) {
        return LinkSample.newBuilder().setHost("node-01").setSourceHost("node-01").setTargetHost("node-04")
                .setSourcePort(49152).setTargetPort(49153).setIntervalStartUs(us(startS)).setIntervalEndUs(us(endS))
                .setBytesSent(bytes).setBytesReceived(bytes).build();
    }
}
