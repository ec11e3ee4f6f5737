package io.migscope.streams.downtime;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.signals.ProbeBatches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Probe runs the way {@code ping -D -O} reports them (one sample per probe, seq unwrapped), and the batches a
 * publisher makes of them, for the v2 downtime tests. Kept apart from the v1 {@code Probes} helper, which goes
 * with the v1 trackers.
 */
final class PingRun {
    static final long T0 = 1_700_000_000_000_000L;
    static final String VM = "vm-1";

    private PingRun() {
    }

    static PingSample reply(long seq, long sentUs, long rttUs) {
        return sample(seq, sentUs, PingStatus.REPLY, rttUs);
    }

    static PingSample sample(long seq, long sentUs, PingStatus status, Long rttUs) {
        return PingSample.newBuilder().setVm(VM).setTarget("10.0.0.5").setSeq(seq).setSeqRaw((int) (seq % 65536))
                .setSentTimeUs(sentUs).setObservedTimeUs(sentUs + (rttUs == null ? 0 : rttUs)).setRttUs(rttUs)
                .setStatus(status).setIntervalUs(100_000L).build();
    }

    /** Probes seq from..to every intervalUs from T0; those in {@code dark} get a LATE line (no answer yet) only. */
    static List<PingSample> stream(long from, long to, long intervalUs, Set<Long> dark) {
        List<PingSample> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            long sent = T0 + (seq - from) * intervalUs;
            out.add(dark.contains(seq) ? sample(seq, sent, PingStatus.LATE, null) : reply(seq, sent, 300));
        }
        return out;
    }

    static Set<Long> range(long fromInclusive, long toInclusive) {
        Set<Long> s = new HashSet<>();
        for (long i = fromInclusive; i <= toInclusive; i++) {
            s.add(i);
        }
        return s;
    }

    /** The probes in batches of consecutive probes less than a second apart, as the publisher sends them. */
    static List<ProbeBatch> batches(List<PingSample> probes) {
        List<ProbeBatch> out = new ArrayList<>();
        List<PingSample> open = new ArrayList<>();
        for (PingSample p : probes) {
            if (!open.isEmpty() && p.getSentTimeUs() - open.get(0).getSentTimeUs() >= 1_000_000L) {
                out.add(ProbeBatches.of(open));
                open = new ArrayList<>();
            }
            open.add(p);
        }
        if (!open.isEmpty()) {
            out.add(ProbeBatches.of(open));
        }
        return out;
    }
}
