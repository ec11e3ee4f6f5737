package io.migscope.streams.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * DDSketch helpers shared by the rollups, the sink and the API: one relative accuracy everywhere, so that any two
 * rollup sketches merge. Bytes are the library's own compact encoding ({@link DDSketch#encode}), which carries the
 * index mapping, so a decoder needs no out-of-band parameters.
 */
public final class Sketches {
    /** A quantile read from a sketch is within 1 % of a value of the exact distribution at that rank. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private Sketches() {
    }

    public static DDSketch empty() {
        return DDSketches.unboundedDense(RELATIVE_ACCURACY);
    }

    public static byte[] encode(DDSketch sketch) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a sketch in memory", e);
        }
        return out.trimmedCopy();
    }

    /** An empty or absent byte array decodes to an empty sketch. */
    public static DDSketch decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return empty();
        }
        try {
            return DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DDSketch encoding (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    public static DDSketch decode(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return decode(copy);
    }

    /** Merges encoded sketches, e.g. the 1 m rollups of an hour, or the same window from several instances. */
    public static DDSketch merge(Collection<byte[]> encoded) {
        DDSketch merged = empty();
        for (byte[] e : encoded) {
            merged.mergeWith(decode(e));
        }
        return merged;
    }

    /** The value at quantile {@code q} (0..1), or null for an empty sketch. */
    public static Double quantile(DDSketch sketch, double q) {
        return sketch.isEmpty() ? null : sketch.getValueAtQuantile(q);
    }

    public static Double max(DDSketch sketch) {
        return sketch.isEmpty() ? null : sketch.getMaxValue();
    }
}
