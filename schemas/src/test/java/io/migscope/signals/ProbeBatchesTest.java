package io.migscope.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeBatchesTest {
    private static final long T0 = 1_795_320_000_000_000L;

    @Test
    void aBatchExpandsToTheSameProbesInTheSameOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<PingSample> probes = probes(random, 1 + random.nextInt(20));
            ProbeBatch batch = ProbeBatches.of(probes);
            assertThat(ProbeBatches.problem(batch)).isNull();
            assertThat(ProbeBatches.expand(batch)).isEqualTo(probes);
            assertThat(batch.getLastSentTimeUs())
                    .isEqualTo(probes.stream().mapToLong(PingSample::getSentTimeUs).max().orElseThrow());
        }
    }

    @Test
    void inconsistentBatchesAreNamed() {
        ProbeBatch ok = ProbeBatches.of(probes(new Random(1), 3));
        ProbeBatch shortRtts = ProbeBatch.newBuilder(ok).setRttUs(List.of()).build();
        assertThat(ProbeBatches.problem(shortRtts)).contains("probes with a reply but 0 round trips");
        ProbeBatch shortSeqs = ProbeBatch.newBuilder(ok).setSeqDeltas(List.of(0L)).build();
        assertThat(ProbeBatches.problem(shortSeqs)).contains("per-probe arrays of different lengths");
        ProbeBatch wrongLast = ProbeBatch.newBuilder(ok).setLastSentTimeUs(ok.getLastSentTimeUs() + 1).build();
        assertThat(ProbeBatches.problem(wrongLast)).contains("is not the latest sent time");
        ProbeBatch empty = ProbeBatch.newBuilder(ok).setStatuses(List.of()).build();
        assertThat(ProbeBatches.problem(empty)).isEqualTo("a probe batch without probes");
    }

    @Test
    void probesOfAnotherSourceDoNotShareABatch() {
        List<PingSample> probes = new ArrayList<>(probes(new Random(2), 2));
        probes.add(PingSample.newBuilder(probes.get(0)).setVm("vm-other").build());
        assertThatThrownBy(() -> ProbeBatches.of(probes)).hasMessageContaining("comes from another source");
    }

    /** Replies, losses (out of order, as ping's parser emits them after the timeout), errors, wrapped seqs. */
    private static List<PingSample> probes(Random random, int n) {
        List<PingSample> out = new ArrayList<>();
        long seq = 65_530L + random.nextInt(10);
        long sent = T0 + random.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            PingStatus status = PingStatus.values()[1 + random.nextInt(PingStatus.values().length - 1)];
            boolean rtt = ProbeBatches.carriesRtt(status);
            long s = random.nextInt(10) == 0 ? sent - 1_000_000 : sent;
            out.add(PingSample.newBuilder().setVm("vm-a").setTarget("10.0.0.5").setCluster("c1").setHost("prober")
                    .setSeq(seq).setSeqRaw((int) (seq % 65_536)).setSentTimeUs(s)
                    .setObservedTimeUs(s + (rtt ? 400 : 1_000_000)).setRttUs(rtt ? 100L + random.nextInt(5000) : null)
                    .setStatus(status).setIntervalUs(100_000L)
                    .setError(status == PingStatus.UNREACHABLE ? "Destination Host Unreachable from 10.0.0.1" : null)
                    .build());
            seq += 1 + (random.nextInt(8) == 0 ? random.nextInt(4) : 0);
            sent += 100_000 + random.nextInt(5_000);
        }
        return out;
    }
}
