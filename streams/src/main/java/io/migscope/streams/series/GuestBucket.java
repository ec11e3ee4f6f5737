package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.state.GuestPoint;
import io.migscope.avro.state.GuestSecond;
import java.util.ArrayList;
import java.util.List;

/**
 * One second of what a VM's guest felt, by the time each GiB was done: how many GiB it wrote and how long they took
 * (fastest, slowest and mean ms per GiB); stored as a {@link GuestSecond} with its samples. A guest at rest writes
 * a GiB in about 400 ms, so a second holds two or three samples; a throttled or paused guest leaves seconds empty.
 */
public final class GuestBucket implements SeriesPoint {
    final long startMs;
    private final List<GuestPoint> samples;

    GuestBucket(long startMs) {
        this(startMs, new ArrayList<>(3));
    }

    private GuestBucket(long startMs, List<GuestPoint> samples) {
        this.startMs = startMs;
        this.samples = samples;
    }

    /** Adds a sample unless the same one (a delivery again) is counted already. */
    boolean add(long timeUs, double msPerGb) {
        for (GuestPoint p : samples) {
            if (p.getTimeUs() == timeUs && p.getMsPerGb() == msPerGb) {
                return false;
            }
        }
        samples.add(new GuestPoint(timeUs, msPerGb));
        return true;
    }

    /** {@code time_us, samples, ms_per_gb_min, ms_per_gb_max, ms_per_gb_mean}. */
    @Override
    public ObjectNode toJson() {
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (GuestPoint p : samples) {
            min = Math.min(min, p.getMsPerGb());
            max = Math.max(max, p.getMsPerGb());
            sum += p.getMsPerGb();
        }
        int n = samples.size();
        ObjectNode j = JsonNodeFactory.instance.objectNode();
        j.put("time_us", startMs * 1000L);
        j.put("samples", n);
        j.put("ms_per_gb_min", n > 0 ? Double.valueOf(min) : null);
        j.put("ms_per_gb_max", n > 0 ? Double.valueOf(max) : null);
        j.put("ms_per_gb_mean", n > 0 ? Double.valueOf(sum / n) : null);
        return j;
    }

    GuestSecond toState() {
        return new GuestSecond(startMs, samples);
    }

    static GuestBucket of(GuestSecond s) {
        return new GuestBucket(s.getStartMs(), new ArrayList<>(s.getSamples()));
    }
}
