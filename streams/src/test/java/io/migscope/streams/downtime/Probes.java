package io.migscope.streams.downtime;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds probe streams the way {@code ping -D -O} reports them: one sample per line. */
final class Probes {
    static final long T0 = 1_700_000_000_000_000L;

    private Probes() {
    }

    static PingSample reply(long seq, long sentUs, long rttUs) {
        return sample(seq, sentUs, PingStatus.REPLY, rttUs);
    }

    static PingSample sample(long seq, long sentUs, PingStatus status, Long rttUs) {
        return PingSample.newBuilder().setVm("vm-1").setTarget("10.0.0.5").setSeq(seq).setSeqRaw((int) (seq % 65536))
                .setSentTimeUs(sentUs).setObservedTimeUs(sentUs + (rttUs == null ? 0 : rttUs)).setRttUs(rttUs)
                .setStatus(status).setIntervalUs(100_000L).build();
    }

    /**
     * Probes seq from..to every intervalUs; those in {@code dark} get a LATE line (no answer yet) and no reply.
     */
    static List<PingSample> stream(long from, long to, long intervalUs, Set<Long> dark) {
        List<PingSample> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            long sent = T0 + (seq - from) * intervalUs;
            if (dark.contains(seq)) {
                out.add(sample(seq, sent, PingStatus.LATE, null));
            } else {
                out.add(reply(seq, sent, 300));
            }
        }
        return out;
    }

    static Set<Long> range(long fromInclusive, long toInclusive) {
        Set<Long> s = new java.util.HashSet<>();
        for (long i = fromInclusive; i <= toInclusive; i++) {
            s.add(i);
        }
        return s;
    }
}
