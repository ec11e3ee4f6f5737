package io.migscope.producers.simulator;

import io.migscope.avro.GuestSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What an in-guest probe feels while its VM migrates: the time it takes to write one GiB, one GuestSample per GiB,
 * from the baseline window before the migration to the end of the recovery window. Seed 003 gives the shapes:
 * about 400 ms per GB at rest; spikes to about 1,000 ms at the start of each iteration, lasting less than a second;
 * as much as 7,000 ms while auto-converge throttles the guest; a short spike to about 7,000 ms at a post-copy
 * switch. Here:
 * <ul>
 * <li>each pre-copy pass starts with {@link #PASS_SPIKE_MS} for {@link #SPIKE_US} (dirty logging is re-armed, and
 * the first write to each page traps);</li>
 * <li>QEMU's auto-converge runs the vCPUs (100 - throttle) % of the time, vMotion's SDPS slows a guest that dirties
 * faster than the link to what the link takes: the probe slows by the same factor;</li>
 * <li>while the guest is paused (STOP to RESUME) the probe makes no progress, so the GiB in flight takes the
 * blackout longer;</li>
 * <li>after a post-copy switch the probe runs at {@link #POSTCOPY_SPIKE_MS} for {@link #SPIKE_US}.</li>
 * </ul>
 * The probe's own writes are taken to be too short to dirty memory that matters; each GiB varies by +-3 %.
 */
final class GuestSlowdown {
    static final double BASELINE_MS = 400;
    static final double PASS_SPIKE_MS = 1_000;
    static final double POSTCOPY_SPIKE_MS = 7_000;
    /** Seed 003: "the duration of the spikes is very short (less than a second)"; chosen 300 ms. */
    static final long SPIKE_US = 300_000;
    static final String SOURCE = "simulator";
    private static final long STEP_US = 5_000;

    private final Migration m;
    private final Trajectory tr;
    private final long stopUs;
    private final long resumeUs;
    private final double sdpsFactor;
    private int pass;

    private GuestSlowdown(Migration m) {
        this.m = m;
        this.tr = m.trajectory;
        // an aborted migration never pauses the guest
        this.stopUs = m.completed() ? m.abs(tr.stopUs) : Long.MAX_VALUE;
        this.resumeUs = m.completed() ? m.abs(tr.resumeUs) : Long.MAX_VALUE;
        long dirty = m.input.dirtyRateBytesPerSec();
        long braked = m.input.effectiveDirtyRate(0);
        this.sdpsFactor = braked > 0 && braked < dirty ? (double) dirty / braked : 1.0;
    }

    static List<SimulatedRecord> samples(Migration m, SimulationSpec spec) {
        return new GuestSlowdown(m).run(m.startUs - spec.baselineUs(), m.endUs() + spec.recoveryUs(), spec);
    }

    private List<SimulatedRecord> run(long fromUs, long toUs, SimulationSpec spec) {
        SplittableRandom rng = new SplittableRandom(m.pingSeed ^ 0x9E3779B97F4A7C15L);
        List<SimulatedRecord> out = new ArrayList<>();
        long gibStart = fromUs;
        double jitter = 0.97 + 0.06 * rng.nextDouble();
        double done = 0;
        for (long t = fromUs; t < toUs; t += STEP_US) {
            double ms = msPerGib(t);
            if (ms > 0) {
                done += STEP_US / 1000.0 / (ms * jitter);
            }
            if (done >= 1.0) {
                long end = t + STEP_US;
                out.add(sample(end, (end - gibStart) / 1000.0, spec));
                gibStart = end;
                done -= 1.0;
                jitter = 0.97 + 0.06 * rng.nextDouble();
            }
        }
        return out;
    }

    /** The probe's speed at t as ms per GiB; 0 while the guest is paused. */
    private double msPerGib(long t) {
        if (t >= stopUs && t < resumeUs) {
            return 0;
        }
        if (t >= resumeUs) {
            return tr.postcopySwitchUs >= 0 && t < resumeUs + SPIKE_US ? POSTCOPY_SPIKE_MS : BASELINE_MS;
        }
        if (t < m.abs(tr.activeUs) || t >= m.endUs()) {
            return BASELINE_MS;
        }
        while (pass + 1 < tr.passes() && m.abs(tr.passStartUs(pass + 1)) <= t) {
            pass++;
        }
        long passStart = m.abs(tr.passStartUs(pass));
        double base = t - passStart < SPIKE_US ? PASS_SPIKE_MS : BASELINE_MS;
        return base * 100.0 / (100 - tr.passThrottlePercent(pass)) * sdpsFactor;
    }

    private SimulatedRecord sample(long at, double ms, SimulationSpec spec) {
        GuestSample s = new GuestSample();
        s.setVm(m.vm);
        s.setSampleTimeUs(at);
        s.setMsPerGb(ms);
        s.setSource(SOURCE);
        s.setCluster(m.cluster);
        s.setHost(at < resumeUs ? m.sourceHost : m.targetHost);
        return new SimulatedRecord(TopicKind.GUEST, m.vm, at, s);
    }
}
