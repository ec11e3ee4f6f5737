package io.migscope.streams.wave;

import io.migscope.avro.WaveMember;
import io.migscope.avro.WaveMinute;
import java.util.ArrayList;
import java.util.List;

/** In flight, queued, started and ended per minute of a wave: concurrency over time. */
final class WaveMinutes {
    private static final long MINUTE_US = 60_000_000L;
    /** A day of minutes bounds the record; a wave longer than that shows its first day. */
    static final int MAX_MINUTES = 1_440;

    private WaveMinutes() {
    }

    static List<WaveMinute> of(List<WaveMember> members) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (WaveMember m : members) {
            Long begin = m.getRequestedUs() != null ? m.getRequestedUs() : m.getStartedUs();
            if (begin != null && m.getEndedUs() != null) {
                first = Math.min(first, begin);
                last = Math.max(last, m.getEndedUs());
            }
        }
        if (first > last) {
            return List.of();
        }
        long origin = Math.floorDiv(first, MINUTE_US) * MINUTE_US;
        int n = (int) Math.min(MAX_MINUTES, (last - origin) / MINUTE_US + 1);
        int[] inFlight = new int[n];
        int[] queued = new int[n];
        int[] started = new int[n];
        int[] ended = new int[n];
        Sweep.visit(WaveFigures.transfers(members), (from, to, level) -> raise(inFlight, origin, from, to, level));
        Sweep.visit(queues(members), (from, to, level) -> raise(queued, origin, from, to, level));
        for (WaveMember m : members) {
            bump(started, origin, m.getStartedUs());
            bump(ended, origin, m.getEndedUs());
        }
        List<WaveMinute> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new WaveMinute(origin + i * MINUTE_US, inFlight[i], queued[i], started[i], ended[i]));
        }
        return out;
    }

    private static List<long[]> queues(List<WaveMember> members) {
        List<long[]> out = new ArrayList<>();
        for (WaveMember m : members) {
            if (m.getRequestedUs() != null && m.getStartedUs() != null) {
                out.add(new long[] {m.getRequestedUs(), m.getStartedUs()});
            }
        }
        return out;
    }

    private static void raise(int[] minutes, long origin, long from, long to, int level) {
        int a = (int) ((from - origin) / MINUTE_US);
        int b = (int) Math.min(minutes.length - 1, (to - 1 - origin) / MINUTE_US);
        for (int i = Math.max(0, a); i <= b; i++) {
            minutes[i] = Math.max(minutes[i], level);
        }
    }

    private static void bump(int[] minutes, long origin, Long t) {
        if (t != null && t >= origin) {
            long i = (t - origin) / MINUTE_US;
            if (i < minutes.length) {
                minutes[(int) i]++;
            }
        }
    }
}
