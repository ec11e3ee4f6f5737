package io.migscope.producers.source.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.producers.parse.Collected;
import io.migscope.producers.parse.ParseContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PingParserTest {

    private static final long T0 = 1_714_557_600_000_000L;

    private static ParseContext context() {
        return Collected.context("ping.txt").withIdentity("vm-42", "c1", "prober-1", null)
                .withPing(null, 100_000L, 1_000_000L);
    }

    private static Collected parse(String sample) {
        return Collected.run(new PingParser(context()), Collected.sample(sample));
    }

    private static Map<Long, PingSample> finalBySeq(Collected out) {
        return out.of(PingSample.class).stream().filter(s -> s.getStatus() != PingStatus.DUPLICATE)
                .collect(Collectors.toMap(PingSample::getSeq, Function.identity()));
    }

    @Test
    void unwrapsTheSeqAcross65535() {
        Map<Long, PingSample> bySeq = finalBySeq(parse("ping/wrap-late-dup.txt"));
        assertThat(bySeq.get(65535L).getSeqRaw()).isEqualTo(65535);
        assertThat(bySeq.get(65536L).getSeqRaw()).isZero();
        assertThat(bySeq.get(65536L).getStatus()).isEqualTo(PingStatus.REPLY);
        assertThat(bySeq.get(65539L).getSeqRaw()).isEqualTo(3);
    }

    @Test
    void lateThenReplyIsAReplyWithItsLongRtt() {
        PingSample probe = finalBySeq(parse("ping/wrap-late-dup.txt")).get(65537L);
        assertThat(probe.getStatus()).isEqualTo(PingStatus.REPLY);
        assertThat(probe.getRttUs()).isEqualTo(150_000L);
        assertThat(probe.getSentTimeUs()).isEqualTo(T0 + 300_000L);
        assertThat(probe.getObservedTimeUs()).isEqualTo(T0 + 450_000L);
    }

    @Test
    void lateThenSilentBecomesLostOnceLaterStampsPassTheTimeout() {
        Map<Long, PingSample> bySeq = finalBySeq(parse("ping/wrap-late-dup.txt"));
        PingSample four = bySeq.get(65540L);
        assertThat(four.getStatus()).isEqualTo(PingStatus.LOST);
        // 'no answer yet' at .700120 is one 100 ms interval after the send
        assertThat(four.getSentTimeUs()).isEqualTo(T0 + 600_120L);
        assertThat(four.getObservedTimeUs()).isEqualTo(T0 + 1_600_120L);
        assertThat(bySeq.get(65541L).getStatus()).isEqualTo(PingStatus.LOST);
    }

    @Test
    void seqGapWithoutAnyLineIsDetectedAndJudgedByTheTimeout() {
        Map<Long, PingSample> bySeq = finalBySeq(parse("ping/wrap-late-dup.txt"));
        // seqs 7..11 printed nothing: the oldest ran out of time before the last line, the rest are still late
        assertThat(bySeq.get(65543L).getStatus()).isEqualTo(PingStatus.LOST);
        assertThat(bySeq.get(65544L).getStatus()).isEqualTo(PingStatus.LOST);
        assertThat(bySeq.get(65545L).getStatus()).isEqualTo(PingStatus.LATE);
        assertThat(bySeq.get(65547L).getStatus()).isEqualTo(PingStatus.LATE);
        assertThat(bySeq.get(65550L).getStatus()).isEqualTo(PingStatus.LATE);
        assertThat(bySeq.get(65544L).getSentTimeUs()).isBetween(T0 + 1_000_000L, T0 + 1_200_000L);
    }

    @Test
    void duplicateAndUnreachableAreRecorded() {
        Collected out = parse("ping/wrap-late-dup.txt");
        List<PingSample> dups = out.of(PingSample.class).stream()
                .filter(s -> s.getStatus() == PingStatus.DUPLICATE).collect(Collectors.toList());
        assertThat(dups).singleElement().satisfies(d -> {
            assertThat(d.getSeq()).isEqualTo(65537L);
            assertThat(d.getRttUs()).isEqualTo(150_210L);
        });
        PingSample six = finalBySeq(out).get(65542L);
        assertThat(six.getStatus()).isEqualTo(PingStatus.UNREACHABLE);
        assertThat(six.getError()).isEqualTo("Destination Host Unreachable from 10.0.0.1");
    }

    @Test
    void everyProbeOnceAndSummaryLinesRecognised() {
        Collected out = parse("ping/wrap-late-dup.txt");
        assertThat(out.rejections).isEmpty();
        assertThat(finalBySeq(out).keySet()).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(65534L, 65550L).boxed().collect(Collectors.toList()));
        assertThat(out.records).hasSize(18);
        assertThat(out.of(PingSample.class)).allSatisfy(s -> {
            assertThat(s.getVm()).isEqualTo("vm-42");
            assertThat(s.getTarget()).isIn("10.0.0.5");
        });
    }

    @Test
    void rejectsGarbledAndAbsurdLinesWithReasons() {
        Collected out = parse("ping/garbage.txt");
        assertThat(out.of(PingSample.class)).extracting(PingSample::getSeq).containsExactly(1L);
        assertThat(out.rejectedLines()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(out.rejections.get(1).reason()).contains("longer than 60 s");
        assertThat(out.rejections.get(2).reason()).contains("16 bits");
        assertThat(out.rejections.get(3).reason()).contains("before 2000");
        assertThat(out.rejections.get(6 - 1).raw()).isEqualTo("Request timeout for icmp_seq 6");
    }
}
