package io.migscope.streams.wave;

import java.util.ArrayList;
import java.util.List;

/**
 * Concurrency of a set of half-open intervals [start, end), by a sweep over their ends: a slot freed and taken at
 * the same instant never counts as two in flight.
 */
final class Sweep {
    /** Peak concurrency, time at or above the limit, and time above it (in the intervals' unit). */
    record Result(int peak, long atLimit, long overLimit) {
    }

    /** Called for each stretch [from, to) during which {@code level} intervals are open. */
    interface Visitor {
        void stretch(long from, long to, int level);
    }

    private Sweep() {
    }

    static Result of(List<long[]> intervals, int limit) {
        int[] peak = {0};
        long[] at = {0};
        long[] over = {0};
        visit(intervals, (from, to, level) -> {
            peak[0] = Math.max(peak[0], level);
            if (limit > 0 && level >= limit) {
                at[0] += to - from;
            }
            if (limit > 0 && level > limit) {
                over[0] += to - from;
            }
        });
        return new Result(peak[0], at[0], over[0]);
    }

    static void visit(List<long[]> intervals, Visitor visitor) {
        List<long[]> edges = new ArrayList<>(intervals.size() * 2);
        for (long[] iv : intervals) {
            if (iv[1] > iv[0]) {
                edges.add(new long[] {iv[0], 1});
                edges.add(new long[] {iv[1], -1});
            }
        }
        // Ends sort before starts at the same instant.
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int level = 0;
        for (int i = 0; i < edges.size(); i++) {
            level += (int) edges.get(i)[1];
            long from = edges.get(i)[0];
            if (i + 1 < edges.size() && edges.get(i + 1)[0] > from && level > 0) {
                visitor.stretch(from, edges.get(i + 1)[0], level);
            }
        }
    }
}
