package io.migscope.producers.simulator;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Starts the wave's migrations the way KubeVirt's controller does: all are requested at the wave start, at most
 * parallelismPerCluster run at once in a cluster and at most outboundPerNode leave one node; a queued migration
 * starts when a slot frees, oldest request first among those whose source node has room.
 */
final class Scheduler {
    /** The controller notices a freed slot and creates the target pod within 50-250 ms. */
    static final long PICKUP_MIN_US = 50_000;
    static final long PICKUP_SPREAD_US = 200_000;

    private final SimulationSpec spec;
    private final SplittableRandom rng;
    private final ArrayDeque<Migration>[] queues;
    private final int[] outbound;
    private final PriorityQueue<Migration> running =
        new PriorityQueue<>((a, b) -> a.endUs() != b.endUs() ? Long.compare(a.endUs(), b.endUs()) : a.index - b.index);

    @SuppressWarnings("unchecked")
    private Scheduler(SimulationSpec spec, SplittableRandom rng) {
        this.spec = spec;
        this.rng = rng;
        this.queues = new ArrayDeque[spec.nodesPerCluster()];
        this.outbound = new int[spec.nodesPerCluster()];
    }

    static void schedule(SimulationSpec spec, Migration[] all, SplittableRandom rng) {
        for (int c = 0; c < spec.clusters(); c++) {
            Scheduler s = new Scheduler(spec, rng.split());
            for (int i = 0; i < s.queues.length; i++) {
                s.queues[i] = new ArrayDeque<>();
            }
            for (int i = c; i < all.length; i += spec.clusters()) {
                s.queues[all[i].sourceNode].add(all[i]);
            }
            s.run();
        }
    }

    private void run() {
        long now = Long.MIN_VALUE;
        while (true) {
            Migration next = eligible(now);
            if (next != null && running.size() < spec.parallelismPerCluster()) {
                start(next, now);
                continue;
            }
            long wake = Math.min(running.isEmpty() ? Long.MAX_VALUE : running.peek().endUs(), nextRequest(now));
            if (wake == Long.MAX_VALUE) {
                return;
            }
            now = Math.max(now, wake);
            while (!running.isEmpty() && running.peek().endUs() <= now) {
                outbound[running.poll().sourceNode]--;
            }
        }
    }

    private void start(Migration m, long now) {
        queues[m.sourceNode].poll();
        m.startUs = Math.max(now, m.requestedUs) + PICKUP_MIN_US + rng.nextLong(PICKUP_SPREAD_US + 1);
        outbound[m.sourceNode]++;
        running.add(m);
    }

    /** The oldest request already made whose source node still has an outbound slot. */
    private Migration eligible(long now) {
        Migration best = null;
        for (int n = 0; n < queues.length; n++) {
            Migration head = queues[n].peek();
            if (head != null && head.requestedUs <= now && outbound[n] < spec.outboundPerNode()
                && (best == null || head.index < best.index)) {
                best = head;
            }
        }
        return best;
    }

    /** The earliest request still in the future, or MAX_VALUE. */
    private long nextRequest(long now) {
        long min = Long.MAX_VALUE;
        for (ArrayDeque<Migration> q : queues) {
            Migration head = q.peek();
            if (head != null && head.requestedUs > now) {
                min = Math.min(min, head.requestedUs);
            }
        }
        return min;
    }
}
