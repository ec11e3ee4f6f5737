package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.migscope.avro.LinkSample;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.signals.ProbeBatches;
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

/**
 * The v2 port of SeriesTopologyTest: the chart series in the v2 topology, fed probe batches on vm-signals (one
 * point per VM per second, a second shared by two batches added up) and link samples (bytes per host pair and
 * iftop interval).
 */
@ExtendWith(MigscopeKafkaExtension.class)
class SeriesTopologyV2Test {
    private static final long T0_US = 1_790_000_000_000_000L;

    @Test
    void probesBecomeOnePointPerSecondWithLostAndLateCounted(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            // Second 0: ten replies, RTT 300..1200 us, in one batch.
            List<PingSample> first = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                first.add(probe(i, T0_US + i * 100_000L, PingStatus.REPLY, 300L + i * 100));
            }
            batch(f, first);
            // Second 1: four replies; then, in the batch the first loss completed early, a duplicate reply, two
            // late notices and three losses.
            List<PingSample> replies = new ArrayList<>();
            for (int i = 10; i < 14; i++) {
                replies.add(probe(i, T0_US + i * 100_000L, PingStatus.REPLY, 500L));
            }
            batch(f, replies);
            batch(f, List.of(probe(13, T0_US + 1_350_000L, PingStatus.DUPLICATE, 600L),
                    probe(14, T0_US + 1_400_000L, PingStatus.LATE, null),
                    probe(15, T0_US + 1_500_000L, PingStatus.LATE, null),
                    probe(14, T0_US + 1_400_000L, PingStatus.LOST, null),
                    probe(15, T0_US + 1_500_000L, PingStatus.LOST, null),
                    probe(16, T0_US + 1_600_000L, PingStatus.LOST, null)));
            // A reply of second 0 printed late lands in a batch of second 2: it is added to second 0's point.
            batch(f, List.of(probe(20, T0_US + 2_000_000L, PingStatus.REPLY, 400L),
                    probe(9, T0_US + 950_000L, PingStatus.REPLY, 2_000L)));
            // Another VM moves the task's time on; vm-1's second 2 then gets one more probe, added to it.
            f.signal("vm-other", ProbeBatches.of(List.of(probe("vm-other", 1, T0_US + 10_000_000L, PingStatus.REPLY,
                    300L))), T0_US + 10_000_000L);
            batch(f, List.of(probe(25, T0_US + 2_500_000L, PingStatus.LOST, null)));

            List<JsonNode> points = probePoints(f, "vm-1");
            assertThat(points).hasSize(3);
            JsonNode zero = points.get(0);
            assertThat(zero.get("time_us").asLong()).isEqualTo(T0_US);
            assertThat(zero.get("probes").asInt()).isEqualTo(11);
            assertThat(zero.get("rtt_min_us").asLong()).isEqualTo(300);
            assertThat(zero.get("rtt_max_us").asLong()).isEqualTo(2_000);
            assertThat(zero.get("rtt_mean_us").asLong()).isEqualTo((7_500 + 2_000) / 11);
            JsonNode one = points.get(1);
            assertThat(one.get("replies").asInt()).isEqualTo(4);
            assertThat(one.get("lost").asInt()).isEqualTo(3);
            assertThat(one.get("late").asInt()).isEqualTo(2);
            assertThat(one.get("probes").asInt()).isEqualTo(7);
            assertThat(one.get("rtt_mean_us").asLong()).isEqualTo(500);
            JsonNode two = points.get(2);
            assertThat(two.get("time_us").asLong()).isEqualTo(T0_US + 2_000_000L);
            assertThat(two.get("probes").asInt()).isEqualTo(2);
            assertThat(two.get("lost").asInt()).isEqualTo(1);
            assertThat(probePoints(f, "vm-other")).singleElement()
                    .satisfies(p -> assertThat(p.get("time_us").asLong()).isEqualTo(T0_US + 10_000_000L));
            assertThat(f.deadLetters()).isEmpty();
        }
    }

    @Test
    void linkSamplesAreSummedPerHostPairAndInterval(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            f.link(link(T0_US, T0_US + 2_000_000L, 100_000_000L, 1_000L, 49152));
            f.link(link(T0_US, T0_US + 2_000_000L, 150_000_000L, 2_000L, 49153));
            f.link(link(T0_US + 2_000_000L, T0_US + 4_000_000L, 240_000_000L, 0L, 49152));

            List<JsonNode> points = linkPoints(f);
            assertThat(points).hasSize(2);
            assertThat(points.get(0).get("bytes").asLong()).isEqualTo(250_003_000L);
            assertThat(points.get(0).get("flows").asInt()).isEqualTo(2);
            assertThat(points.get(0).get("bytes_per_sec").asLong()).isEqualTo(125_001_500L);
            assertThat(points.get(1).get("interval_end_us").asLong()).isEqualTo(T0_US + 4_000_000L);
            assertThat(points.get(1).get("bytes_per_sec").asLong()).isEqualTo(120_000_000L);
        }
    }

    static List<JsonNode> probePoints(SignalsFixture f, String vm) {
        WindowStore<String, ProbeBucket> store = f.driver.getWindowStore(SeriesStores.PROBES);
        List<JsonNode> points = new ArrayList<>();
        try (WindowStoreIterator<ProbeBucket> it = store.fetch(vm, 0L, Long.MAX_VALUE)) {
            it.forEachRemaining(kv -> points.add(kv.value.toJson()));
        }
        return points;
    }

    static void batch(SignalsFixture f, List<PingSample> probes) {
        ProbeBatch b = ProbeBatches.of(probes);
        f.signal(b.getVm(), b, b.getLastSentTimeUs());
    }

    static PingSample probe(long seq, long sentUs, PingStatus status, Long rttUs) {
        return probe("vm-1", seq, sentUs, status, rttUs);
    }

    static PingSample probe(String vm, long seq, long sentUs, PingStatus status, Long rttUs) {
        return PingSample.newBuilder().setVm(vm).setTarget("10.0.0.9").setSeq(seq).setSeqRaw((int) seq)
                .setSentTimeUs(sentUs).setObservedTimeUs(sentUs + (rttUs == null ? 0 : rttUs)).setRttUs(rttUs)
                .setStatus(status).setIntervalUs(100_000L).build();
    }

    private static LinkSample link(long startUs, long endUs, long sent, long received, int port) {
        return LinkSample.newBuilder().setHost("node-1").setSourceHost("node-1").setTargetHost("node-2")
                .setSourcePort(port).setTargetPort(16509).setIntervalStartUs(startUs).setIntervalEndUs(endUs)
                .setBytesSent(sent).setBytesReceived(received).build();
    }

    /** A probe batch delivered twice (a publisher's retry) is the same probes: the chart's points do not change. */
    @Test
    void aBatchDeliveredTwiceChangesNoPoint(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            List<PingSample> second = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                second.add(probe(i, T0_US + i * 100_000L, PingStatus.REPLY, 300L + i * 100));
            }
            batch(f, second);
            String once = probePoints(f, "vm-1").toString();

            batch(f, second);

            assertThat(probePoints(f, "vm-1")).singleElement()
                    .satisfies(p -> assertThat(p.get("probes").asInt()).isEqualTo(10));
            assertThat(probePoints(f, "vm-1").toString()).isEqualTo(once);
        }
    }

    /**
     * A batch's late reply of an earlier second, between two replies of its own second: each second counts its
     * probes of the batch once, the first time and when the batch comes again.
     */
    @Test
    void aBatchSpanningTwoSecondsIsCountedOnceInEach(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            List<PingSample> late = List.of(probe(20, T0_US + 2_000_000L, PingStatus.REPLY, 400L),
                    probe(9, T0_US + 900_000L, PingStatus.REPLY, 1_200_000L),
                    probe(21, T0_US + 2_100_000L, PingStatus.REPLY, 500L));
            batch(f, late);
            String once = probePoints(f, "vm-1").toString();

            batch(f, late);

            List<JsonNode> points = probePoints(f, "vm-1");
            assertThat(points).hasSize(2);
            assertThat(points.get(0).get("probes").asInt()).isEqualTo(1);
            assertThat(points.get(0).get("rtt_max_us").asLong()).isEqualTo(1_200_000L);
            assertThat(points.get(1).get("probes").asInt()).isEqualTo(2);
            assertThat(points.get(1).get("rtt_mean_us").asLong()).isEqualTo(450L);
            assertThat(points.toString()).isEqualTo(once);
        }
    }

    /**
     * Later batches that start like an earlier one are new probes: ping -O's late notice for a seq and then its
     * reply, two duplicate replies of one seq each followed by a new probe, and a restarted prober counting from 1
     * again within the same second.
     */
    @Test
    void laterBatchesRepeatingASeqAreCounted(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            // Second 0: "no answer yet for icmp_seq=4", then its reply in the next batch.
            batch(f, List.of(probe(4, T0_US + 400_000L, PingStatus.LATE, null)));
            batch(f, List.of(probe(4, T0_US + 400_000L, PingStatus.REPLY, 1_500_000L)));
            // Second 1: two DUP replies of seq 13, each first in a batch of two.
            batch(f, List.of(probe(13, T0_US + 1_300_000L, PingStatus.DUPLICATE, 600L),
                    probe(14, T0_US + 1_400_000L, PingStatus.REPLY, 500L)));
            batch(f, List.of(probe(13, T0_US + 1_300_000L, PingStatus.DUPLICATE, 700L),
                    probe(15, T0_US + 1_500_000L, PingStatus.REPLY, 500L)));
            // Second 2: seqs 1 to 3, then the prober restarts and sends seqs 1 to 3 again.
            List<PingSample> before = new ArrayList<>();
            List<PingSample> after = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                before.add(probe(i, T0_US + 2_000_000L + i * 100_000L, PingStatus.REPLY, 300L));
                after.add(probe(i, T0_US + 2_500_000L + i * 100_000L, PingStatus.REPLY, 300L));
            }
            batch(f, before);
            batch(f, after);

            List<JsonNode> points = probePoints(f, "vm-1");
            assertThat(points).hasSize(3);
            assertThat(points.get(0).get("late").asInt()).isEqualTo(1);
            assertThat(points.get(0).get("replies").asInt()).isEqualTo(1);
            assertThat(points.get(1).get("replies").asInt()).isEqualTo(2);
            assertThat(points.get(2).get("probes").asInt()).isEqualTo(6);
        }
    }

    /** A link sample delivered twice (a collector's retry) is the same bytes: the interval's point does not change. */
    @Test
    void aLinkSampleDeliveredTwiceChangesNoPoint(KafkaStack stack, @TempDir Path state) {
        try (SignalsFixture f = new SignalsFixture(stack, state, Map.of())) {
            LinkSample flow = link(T0_US, T0_US + 2_000_000L, 100_000_000L, 1_000L, 49152);
            f.link(flow);
            f.link(link(T0_US, T0_US + 2_000_000L, 150_000_000L, 2_000L, 49153));
            String once = linkPoints(f).toString();

            f.link(flow);

            List<JsonNode> points = linkPoints(f);
            assertThat(points).singleElement().satisfies(p -> {
                assertThat(p.get("bytes").asLong()).isEqualTo(250_003_000L);
                assertThat(p.get("flows").asInt()).isEqualTo(2);
            });
            assertThat(points.toString()).isEqualTo(once);
        }
    }

    private static List<JsonNode> linkPoints(SignalsFixture f) {
        WindowStore<String, LinkBucket> store = f.driver.getWindowStore(SeriesStores.LINKS);
        List<JsonNode> points = new ArrayList<>();
        try (WindowStoreIterator<LinkBucket> it = store.fetch("node-1<->node-2", 0L, Long.MAX_VALUE)) {
            it.forEachRemaining(kv -> points.add(kv.value.toJson()));
        }
        return points;
    }
}
