package io.migscope.streams.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SketchesTest {

    @Test
    void mergedWindowsAndInstancesMatchTheExactPercentilesOfTheUnion() {
        SplittableRandom random = new SplittableRandom(42);
        List<byte[]> parts = new ArrayList<>();
        double[] all = new double[0];
        // Six windows x three instances, each a different distribution (the fleet is not homogeneous).
        for (int part = 0; part < 18; part++) {
            int n = 50 + random.nextInt(400);
            double scale = 100 * (1 + part % 6);
            double[] values = new double[n];
            DDSketch sketch = Sketches.empty();
            for (int i = 0; i < n; i++) {
                values[i] = scale * Math.exp(random.nextGaussian());
                sketch.accept(values[i]);
            }
            parts.add(Sketches.encode(sketch));
            all = concat(all, values);
        }
        DDSketch merged = Sketches.merge(parts);
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        assertThat(merged.getCount()).isEqualTo(all.length);
        for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            RollupTopologyTest.assertQuantile(Sketches.quantile(merged, q), sorted, q);
        }
    }

    @Test
    void roundTripsAndRefusesForeignBytes() {
        DDSketch s = Sketches.empty();
        s.accept(12.5);
        s.accept(3_000);
        DDSketch back = Sketches.decode(Sketches.encode(s));
        assertThat(back.getCount()).isEqualTo(2);
        assertThat(Sketches.quantile(back, 1.0)).isEqualTo(Sketches.quantile(s, 1.0));
        assertThat(Sketches.decode(new byte[0]).isEmpty()).isTrue();
        assertThat(Sketches.quantile(Sketches.empty(), 0.5)).isNull();
        assertThatThrownBy(() -> Sketches.decode(new byte[] {(byte) 0xff, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DDSketch encoding");
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
