package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.LinkSample;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.streams.series.LinkBucket;
import io.migscope.streams.series.ProbeBucket;
import io.migscope.streams.series.SeriesStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The chart series in the real topology: probes per VM per second, link bytes per host pair per interval. */
@ExtendWith(MigscopeKafkaExtension.class)
class SeriesTopologyTest {
    private static final long T0_US = 1_790_000_000_000_000L;

    @Test
    void probesBecomeOnePointPerSecondWithLostAndLateCounted(KafkaStack stack, @TempDir Path state) {
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of())) {
            // Second 0: ten replies, RTT 300..1200 us. Second 1: four replies, three lost, two late, one duplicate.
            for (int i = 0; i < 10; i++) {
                ping(f, i, T0_US + i * 100_000L, PingStatus.REPLY, 300L + i * 100);
            }
            for (int i = 10; i < 14; i++) {
                ping(f, i, T0_US + i * 100_000L, PingStatus.REPLY, 500L);
            }
            ping(f, 13, T0_US + 1_350_000L, PingStatus.DUPLICATE, 600L);
            ping(f, 14, T0_US + 1_400_000L, PingStatus.LATE, null);
            ping(f, 15, T0_US + 1_500_000L, PingStatus.LATE, null);
            for (int i = 14; i < 17; i++) {
                ping(f, i, T0_US + i * 100_000L, PingStatus.LOST, null);
            }
            // A probe of second 0 arriving late (within grace) is merged into its stored point.
            ping(f, 99, T0_US + 2_000_000L, PingStatus.REPLY, 400L);
            ping(f, 9, T0_US + 950_000L, PingStatus.REPLY, 2_000L);
            // Stream time moves on (another VM): the quiet VM's last second is written too.
            f.pipePing("vm-other", probe("vm-other", 1, T0_US + 10_000_000L, PingStatus.REPLY, 300L),
                    (T0_US + 10_000_000L) / 1000);

            // vm-1's last second was written by the punctuation when stream time moved on; a probe of it that comes
            // now (late, within grace) is added to it, not written over it.
            ping(f, 100, T0_US + 2_500_000L, PingStatus.LOST, null);
            f.pipePing("vm-other", probe("vm-other", 2, T0_US + 20_000_000L, PingStatus.REPLY, 300L),
                    (T0_US + 20_000_000L) / 1000);

            List<JsonNode> points = probePoints(f, "vm-1");
            assertThat(points).hasSize(3);
            assertThat(points.get(2).get("probes").asInt()).isEqualTo(2);
            assertThat(points.get(2).get("lost").asInt()).isEqualTo(1);
            JsonNode first = points.get(0);
            assertThat(first.get("time_us").asLong()).isEqualTo(T0_US);
            assertThat(first.get("probes").asInt()).isEqualTo(11);
            assertThat(first.get("rtt_min_us").asLong()).isEqualTo(300);
            assertThat(first.get("rtt_max_us").asLong()).isEqualTo(2_000);
            assertThat(first.get("rtt_mean_us").asLong()).isEqualTo((7_500 + 2_000) / 11);
            JsonNode second = points.get(1);
            assertThat(second.get("replies").asInt()).isEqualTo(4);
            assertThat(second.get("lost").asInt()).isEqualTo(3);
            assertThat(second.get("late").asInt()).isEqualTo(2);
            assertThat(second.get("probes").asInt()).isEqualTo(7);
            assertThat(points.get(2).get("time_us").asLong()).isEqualTo(T0_US + 2_000_000L);
            assertThat(probePoints(f, "vm-1").get(1).get("rtt_mean_us").asLong()).isEqualTo(500);
        }
    }

    @Test
    void linkSamplesAreSummedPerHostPairAndInterval(KafkaStack stack, @TempDir Path state) {
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of())) {
            f.pipeLink("node-1<->node-2", link(T0_US, T0_US + 2_000_000L, 100_000_000L, 1_000L, 49152));
            f.pipeLink("node-1<->node-2", link(T0_US, T0_US + 2_000_000L, 150_000_000L, 2_000L, 49153));
            f.pipeLink("node-1<->node-2", link(T0_US + 2_000_000L, T0_US + 4_000_000L, 240_000_000L, 0L, 49152));

            WindowStore<String, LinkBucket> store = f.driver.getWindowStore(SeriesStores.LINKS);
            List<JsonNode> points = new ArrayList<>();
            try (WindowStoreIterator<LinkBucket> it = store.fetch("node-1<->node-2", 0L, Long.MAX_VALUE)) {
                it.forEachRemaining(kv -> points.add(kv.value.toJson()));
            }
            assertThat(points).hasSize(2);
            assertThat(points.get(0).get("bytes").asLong()).isEqualTo(250_003_000L);
            assertThat(points.get(0).get("flows").asInt()).isEqualTo(2);
            assertThat(points.get(0).get("bytes_per_sec").asLong()).isEqualTo(125_001_500L);
            assertThat(points.get(1).get("interval_end_us").asLong()).isEqualTo(T0_US + 4_000_000L);
            assertThat(points.get(1).get("bytes_per_sec").asLong()).isEqualTo(120_000_000L);
        }
    }

    private static List<JsonNode> probePoints(TopologyFixture f, String vm) {
        WindowStore<String, ProbeBucket> store = f.driver.getWindowStore(SeriesStores.PROBES);
        List<JsonNode> points = new ArrayList<>();
        try (WindowStoreIterator<ProbeBucket> it = store.fetch(vm, 0L, Long.MAX_VALUE)) {
            it.forEachRemaining(kv -> points.add(kv.value.toJson()));
        }
        return points;
    }

    private static void ping(TopologyFixture f, long seq, long sentUs, PingStatus status, Long rttUs) {
        f.pipePing("vm-1", probe("vm-1", seq, sentUs, status, rttUs), sentUs / 1000);
    }

    private static PingSample probe(String vm, long seq, long sentUs, PingStatus status, Long rttUs) {
        return PingSample.newBuilder().setVm(vm).setTarget("10.0.0.9").setSeq(seq).setSeqRaw((int) seq)
                .setSentTimeUs(sentUs).setObservedTimeUs(sentUs + (rttUs == null ? 0 : rttUs)).setRttUs(rttUs)
                .setStatus(status).setIntervalUs(100_000L).build();
    }

    private static LinkSample link(long startUs, long endUs, long sent, long received, int port) {
        return LinkSample.newBuilder().setHost("node-1").setSourceHost("node-1").setTargetHost("node-2")
                .setSourcePort(port).setTargetPort(16509).setIntervalStartUs(startUs).setIntervalEndUs(endUs)
                .setBytesSent(sent).setBytesReceived(received).build();
    }
}
