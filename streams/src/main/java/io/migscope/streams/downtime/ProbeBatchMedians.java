package io.migscope.streams.downtime;

import java.util.ArrayList;
import java.util.List;

/** Median reply RTT per epoch second of one probe batch (a batch spans at most two seconds). Reused per batch. */
final class ProbeBatchMedians {
    /** Receives one second's median and how many replies it had. */
    interface Sink {
        void accept(long second, long medianUs, int replies);
    }

    private final List<long[]> samples = new ArrayList<>();

    void clear() {
        samples.clear();
    }

    void add(long sentUs, long rttUs) {
        samples.add(new long[] {Math.floorDiv(sentUs, 1_000_000L), rttUs});
    }

    void forEach(Sink sink) {
        samples.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int from = 0;
        for (int i = 1; i <= samples.size(); i++) {
            if (i == samples.size() || samples.get(i)[0] != samples.get(from)[0]) {
                int n = i - from;
                sink.accept(samples.get(from)[0], samples.get(from + n / 2)[1], n);
                from = i;
            }
        }
    }
}
