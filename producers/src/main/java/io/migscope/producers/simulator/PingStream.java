package io.migscope.producers.simulator;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import java.util.SplittableRandom;

/**
 * 10 Hz probes towards one migrating VM, from a baseline window before its start to a recovery window after its
 * end: RTT about 0.3-0.6 ms, a little higher while memory streams, lost during the switchover blackout, and
 * inflated for a few seconds after the VM resumes on the destination.
 */
final class PingStream extends RecordStream {
    /** How long RTT stays inflated after resume (seed 003: the guest is slow right after the switch). */
    static final long INFLATION_US = 3_000_000;
    /** Extra RTT right after resume; seed 000 saw added latency up to 2.66 ms. */
    static final long INFLATION_PEAK_US = 2_000;
    /** Streaming memory on the host's NIC adds about 15 % to RTT (seed 000: 0.4 ms idle, up to 0.59 ms migrating). */
    static final double TRANSFER_RTT_FACTOR = 1.15;
    /** Linux guests answer with the default TTL, minus one router hop. */
    static final int TTL = 63;

    private final Migration m;
    private final SplittableRandom rng;
    private final String prober;
    private final long endUs;
    private final long intervalUs;
    private final Long boxedInterval;
    private final int jitterUs;
    private final long timeoutUs;
    private final long activeUs;
    private final long transferEndUs;
    private final long resumeUs;
    private final long brownoutEndUs;
    private final long blackoutStartUs;
    private final long blackoutEndUs;
    private long seq;

    PingStream(Migration m, SimulationSpec spec) {
        super(TopicKind.PING, m.index);
        this.m = m;
        this.rng = new SplittableRandom(m.pingSeed);
        this.prober = "prober-" + m.cluster;
        this.endUs = m.endUs() + spec.recoveryUs();
        this.intervalUs = spec.pingIntervalUs();
        this.boxedInterval = intervalUs;
        this.jitterUs = (int) spec.pingJitterUs();
        this.timeoutUs = spec.pingTimeoutUs();
        this.activeUs = m.abs(m.trajectory.activeUs);
        this.transferEndUs = m.completed() ? m.abs(m.trajectory.stopUs) : m.endUs();
        this.resumeUs = m.completed() ? m.abs(m.trajectory.resumeUs) : Long.MAX_VALUE;
        this.brownoutEndUs = m.completed() ? m.brownoutEndUs() : Long.MAX_VALUE;
        this.blackoutStartUs = m.blackoutStartUs();
        this.blackoutEndUs = m.blackoutEndUs();
        this.seq = m.firstSeq;
        // start at a random phase of the interval so that VMs do not all probe at the same microsecond
        this.nextTimeUs = m.startUs - spec.baselineUs() + rng.nextLong(intervalUs);
    }

    @Override
    SimulatedRecord next() {
        long sent = nextTimeUs;
        long rtt = rtt(sent);
        PingSample p = new PingSample();
        p.setVm(m.vm);
        p.setTarget(m.address);
        p.setCluster(m.cluster);
        p.setHost(prober);
        p.setMigrationId(m.migrationId);
        p.setSeq(seq);
        p.setSeqRaw((int) (seq & 0xFFFF));
        p.setSentTimeUs(sent);
        p.setIntervalUs(boxedInterval);
        if (lost(sent, rtt)) {
            p.setStatus(PingStatus.LOST);
            p.setObservedTimeUs(sent + timeoutUs);
        } else {
            p.setStatus(PingStatus.REPLY);
            p.setRttUs(rtt);
            p.setTtl(TTL);
            p.setObservedTimeUs(sent + rtt);
        }
        seq++;
        long following = sent + intervalUs + (jitterUs == 0 ? 0 : rng.nextInt(jitterUs + 1));
        nextTimeUs = following > endUs ? DONE : following;
        return new SimulatedRecord(TopicKind.PING, m.vm, sent, p);
    }

    /** A probe is lost when it, or its reply, would reach the VM while it is paused or not yet reachable. */
    private boolean lost(long sent, long rtt) {
        return blackoutStartUs >= 0 && sent + rtt >= blackoutStartUs && sent < blackoutEndUs;
    }

    private long rtt(long sent) {
        double base = m.rttBaselineUs * (0.85 + 0.3 * rng.nextDouble());
        if (sent >= activeUs && sent < transferEndUs) {
            base *= TRANSFER_RTT_FACTOR;
        } else if (sent >= resumeUs && sent < brownoutEndUs) {
            base += INFLATION_PEAK_US * (double) (brownoutEndUs - sent) / (brownoutEndUs - resumeUs);
        }
        return Math.round(base);
    }
}
