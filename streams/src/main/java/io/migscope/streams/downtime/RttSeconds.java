package io.migscope.streams.downtime;

import io.migscope.avro.state.ProbeTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * A VM's rolling RTT baseline: the median reply RTT of each of its last seconds, one value a second, so the state
 * written at every probe batch stays small between migrations (60 values instead of 600 samples). A migration's
 * baseline is the median of these values over the baseline window before its transfer started.
 */
final class RttSeconds {
    private RttSeconds() {
    }

    /** Records {@code medianUs} for the epoch second {@code second}; keeps {@code keepSeconds} seconds. */
    static void put(ProbeTracker t, long second, long medianUs, int replies, int keepSeconds) {
        List<Long> ring = t.getRttSeconds();
        long end = t.getRttSecondsEndS();
        if (ring.isEmpty()) {
            ring.add(medianUs);
            t.setRttSecondsEndS(second);
            return;
        }
        if (second > end) {
            for (long s = end + 1; s < second && s - end <= keepSeconds; s++) {
                ring.add(-1L);
            }
            ring.add(medianUs);
            t.setRttSecondsEndS(second);
            while (ring.size() > keepSeconds) {
                ring.remove(0);
            }
            return;
        }
        int index = ring.size() - 1 - (int) (end - second);
        // A second seen in two batches (one completed early at a loss) keeps the value of the one with more replies:
        // replies is at most ten a second, so the first batch's value stands unless the second is fuller.
        if (index >= 0 && (ring.get(index) < 0 || replies > 5)) {
            ring.set(index, medianUs);
        }
    }

    /**
     * Median of the per-second values of the whole seconds in {@code [fromUs, toUs)} (the second {@code toUs} falls
     * in is partly after it), or null when no such second had replies.
     */
    static Long median(ProbeTracker t, long fromUs, long toUs) {
        List<Long> ring = t.getRttSeconds();
        long end = t.getRttSecondsEndS();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            long secondUs = (end - (ring.size() - 1 - i)) * 1_000_000L;
            if (secondUs >= fromUs && secondUs + 1_000_000L <= toUs && ring.get(i) >= 0) {
                values.add(ring.get(i));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        values.sort(null);
        return values.get(values.size() / 2);
    }

    /** Whether nothing from {@code us} on has been forgotten: the ring is not full, or still reaches back to it. */
    static boolean holds(ProbeTracker t, long us, int keepSeconds) {
        long firstS = t.getRttSecondsEndS() - t.getRttSeconds().size() + 1;
        return t.getRttSeconds().size() < keepSeconds || firstS * 1_000_000L <= us;
    }

    /** Whether the ring already holds every second before {@code us} that it will ever hold. */
    static boolean covers(ProbeTracker t, long us) {
        return !t.getRttSeconds().isEmpty() && (t.getRttSecondsEndS() + 1) * 1_000_000L >= us;
    }
}
