package io.migscope.producers.source.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migscope.avro.GuestSample;
import io.migscope.producers.parse.Collected;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestStressParserTest {

    private static Collected parse(List<String> lines) {
        return Collected.run(new GuestStressParser(Collected.context("stress.txt").withIdentity("vm-s", "c", null,
                null)), lines);
    }

    @Test
    void oneSamplePerLineCommentsSkipped() {
        Collected out = parse(Collected.sample("guest-stress/stress.txt"));
        assertThat(out.rejections).isEmpty();
        assertThat(out.ignored).isEqualTo(1);
        List<GuestSample> samples = out.of(GuestSample.class);
        assertThat(samples).hasSize(25);
        assertThat(samples.get(0).getSampleTimeUs()).isEqualTo(1_714_557_600_652_000L);
        assertThat(samples.get(0).getMsPerGb()).isEqualTo(402.0);
        assertThat(samples.get(0).getSource()).isEqualTo("guest-stress");
        assertThat(samples.get(0).getCluster()).isEqualTo("c");
    }

    @Test
    void badLinesSayWhatWasExpected() {
        Collected out = parse(List.of("1714557600652000 402.5", "1714557600652000", "17145576006 400",
                "1714557600652000 0", "1714557600652000 -3", "99999999999999999999 4", "1714557600652000\t7000.25"));
        assertThat(out.rejectedLines()).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(out.rejections.get(0).describe()).isEqualTo("stress.txt:2: not a guest-stress line (expected"
                + " '<epoch_us> <ms per GB>', e.g. '1714557600250000 402.5')");
        assertThat(out.rejections.get(1).reason()).contains("sample time");
        assertThat(out.rejections.get(2).reason()).contains("ms per GB");
        assertThat(out.of(GuestSample.class)).extracting(GuestSample::getMsPerGb).containsExactly(402.5, 7000.25);
    }

    @Test
    void theVmIsRequired() {
        assertThatThrownBy(() -> new GuestStressParser(Collected.context("x"))).hasMessageContaining("--vm");
    }
}
