package io.migscope.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.signals.ProbeBatches;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeBatcherTest {
    private static final long T0 = 1_795_320_000_000_000L;
    /** Real ping -i 0.1 drifts to about 104 ms. */
    private static final long STEP_US = 104_000L;

    @Test
    void steadyRepliesMakeOneBatchPerSecond() {
        ProbeBatcher batcher = new ProbeBatcher();
        List<ProbeBatch> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.addAll(batcher.add(probe("vm-a", i, PingStatus.REPLY), 0));
        }
        out.addAll(batcher.flushAll());
        assertThat(out).hasSizeBetween(10, 11);
        assertThat(out).allSatisfy(b -> assertThat(b.getLastSentTimeUs() - b.getFirstSentTimeUs()).isLessThan(1_000_000));
        assertThat(out.stream().mapToInt(b -> b.getStatuses().size()).sum()).isEqualTo(100);
    }

    @Test
    void theFirstLossAndTheFirstReplyAfterItCompleteTheBatchAtOnce() {
        ProbeBatcher batcher = new ProbeBatcher();
        assertThat(batcher.add(probe("vm-a", 0, PingStatus.REPLY), 0)).isEmpty();
        List<ProbeBatch> lost = batcher.add(probe("vm-a", 1, PingStatus.LOST), 0);
        assertThat(lost).singleElement().satisfies(b ->
                assertThat(b.getStatuses()).containsExactly(PingStatus.REPLY, PingStatus.LOST));
        assertThat(batcher.add(probe("vm-a", 2, PingStatus.LOST), 0)).isEmpty();
        List<ProbeBatch> back = batcher.add(probe("vm-a", 3, PingStatus.REPLY), 0);
        assertThat(back).singleElement().satisfies(b ->
                assertThat(b.getStatuses()).containsExactly(PingStatus.LOST, PingStatus.REPLY));
        assertThat(batcher.isEmpty()).isTrue();
    }

    @Test
    void vmsAreBatchedApartAndQuietProbersAreFlushedByTheWallClock() {
        ProbeBatcher batcher = new ProbeBatcher();
        batcher.add(probe("vm-a", 0, PingStatus.REPLY), 1_000);
        batcher.add(probe("vm-b", 0, PingStatus.REPLY), 2_000);
        assertThat(batcher.flushOpenedBefore(1_500)).singleElement()
                .satisfies(b -> assertThat(b.getVm()).isEqualTo("vm-a"));
        assertThat(batcher.flushAll()).singleElement().satisfies(b -> assertThat(b.getVm()).isEqualTo("vm-b"));
    }

    @Test
    void aQuietProbersBatchIsCompleteOnceEventTimeMovesPastIt() {
        ProbeBatcher batcher = new ProbeBatcher();
        batcher.add(probe("vm-a", 0, PingStatus.REPLY), 0);
        batcher.add(probe("vm-b", 0, PingStatus.REPLY), 0);
        batcher.add(probe("vm-b", 5, PingStatus.REPLY), 0);
        assertThat(batcher.advance(T0 + ProbeBatcher.QUIET_US)).as("not yet more than QUIET_US behind").isEmpty();
        // vm-b went on probing (its batch started at the same time) and so did vm-a: both are past the quiet bound.
        assertThat(batcher.advance(T0 + ProbeBatcher.QUIET_US + 300_000)).extracting(ProbeBatch::getVm)
                .containsExactly("vm-a", "vm-b");
        assertThat(batcher.isEmpty()).isTrue();
        batcher.add(probe("vm-a", 40, PingStatus.REPLY), 0);
        assertThat(batcher.advance(T0 + 40 * STEP_US + 100)).as("a fresh batch stays open").isEmpty();
    }

    @Test
    void batchingKeepsEveryProbe() {
        ProbeBatcher batcher = new ProbeBatcher();
        List<PingSample> in = new ArrayList<>();
        List<ProbeBatch> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            PingStatus s = (i / 17) % 3 == 1 ? PingStatus.LOST : PingStatus.REPLY;
            PingSample p = probe(i % 2 == 0 ? "vm-a" : "vm-b", i / 2, s);
            in.add(p);
            out.addAll(batcher.add(p, 0));
        }
        out.addAll(batcher.flushAll());
        List<PingSample> back = out.stream().flatMap(b -> ProbeBatches.expand(b).stream()).toList();
        assertThat(back).containsExactlyInAnyOrderElementsOf(in);
        assertThat(back.stream().filter(p -> p.getVm().equals("vm-a")).toList())
                .isEqualTo(in.stream().filter(p -> p.getVm().equals("vm-a")).toList());
    }

    private static PingSample probe(String vm, long seq, PingStatus status) {
        long sent = T0 + seq * STEP_US;
        boolean reply = status == PingStatus.REPLY;
        return PingSample.newBuilder().setVm(vm).setTarget("10.0.0.5").setSeq(seq).setSeqRaw((int) seq)
                .setSentTimeUs(sent).setObservedTimeUs(sent + (reply ? 300 : 1_000_000)).setRttUs(reply ? 300L : null)
                .setStatus(status).setIntervalUs(100_000L).build();
    }
}
