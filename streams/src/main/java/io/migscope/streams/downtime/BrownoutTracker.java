package io.migscope.streams.downtime;

import io.migscope.streams.state.StateBytes;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Keeps the reply RTTs that the brownout needs (the baseline window before the migration start and the
 * recovery window after resume) and nothing else, so its state stays a few hundred samples at most.
 * Samples are keyed by unwrapped seq, so duplicates and reordering give the same result.
 */
public final class BrownoutTracker {
    /** Hard bound on kept samples: 30 s + 30 s at 10 Hz is 600, so this leaves room for faster probing. */
    static final int MAX_SAMPLES = 4096;
    /** 2: samples as zig-zag varint deltas; 1 (three longs per sample) is still read. */
    private static final int VERSION = 2;
    private static final int VERSION_FIXED = 1;

    private final DowntimeSettings settings;
    private final TreeMap<Long, long[]> samples = new TreeMap<>();
    private Long startUs;
    private Long resumeUs;
    private long maxSentUs = Long.MIN_VALUE;

    public BrownoutTracker(DowntimeSettings settings) {
        this.settings = settings;
    }

    /** Tells when the migration started and when the guest resumed on the target (either may be null). */
    public void setWindow(Long migrationStartUs, Long resumedUs) {
        this.startUs = migrationStartUs;
        this.resumeUs = resumedUs;
        prune();
    }

    public void onReply(long seq, long sentUs, long rttUs) {
        maxSentUs = Math.max(maxSentUs, sentUs);
        if (keep(sentUs)) {
            samples.put(seq, new long[] {sentUs, rttUs});
            if (samples.size() > MAX_SAMPLES) {
                prune();
            }
        }
    }

    /** Median RTT in {@code [start - baseline, start)}, or null without a start or without samples there. */
    public Long baselineUs() {
        if (startUs == null) {
            return null;
        }
        List<Long> rtts = new ArrayList<>();
        for (long[] s : samples.values()) {
            if (s[0] >= startUs - settings.baselineUs() && s[0] < startUs) {
                rtts.add(s[1]);
            }
        }
        if (rtts.isEmpty()) {
            return null;
        }
        rtts.sort(null);
        return rtts.get(rtts.size() / 2);
    }

    /** Highest RTT in the recovery window after resume, or null. */
    public Long peakAfterResumeUs() {
        long peak = -1;
        for (long[] s : afterResume()) {
            peak = Math.max(peak, s[1]);
        }
        return peak < 0 ? null : peak;
    }

    /**
     * Milliseconds from resume until the first of {@code recoveredProbes} consecutive replies within tolerance;
     * 0 when the first replies after resume are already within it; null when it has not happened (yet).
     */
    public Double brownoutMs() {
        Long baseline = baselineUs();
        List<long[]> after = afterResume();
        if (baseline == null || after.isEmpty()) {
            return null;
        }
        double tolerance = baseline * settings.toleranceFactor() + settings.toleranceAbsUs();
        int run = 0;
        for (int i = 0; i < after.size(); i++) {
            run = after.get(i)[1] <= tolerance ? run + 1 : 0;
            if (run == settings.recoveredProbes()) {
                int first = i - run + 1;
                return first == 0 ? 0.0 : Math.max(0, after.get(first)[0] - resumeUs) / 1000.0;
            }
        }
        return null;
    }

    int size() {
        return samples.size();
    }

    private List<long[]> afterResume() {
        List<long[]> out = new ArrayList<>();
        if (resumeUs == null) {
            return out;
        }
        for (long[] s : samples.values()) {
            if (s[0] >= resumeUs && s[0] < resumeUs + settings.recoveryUs()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Before the start is known, keep a rolling baseline (plus grace, for late starts and reordering).
     * Once known, keep only the baseline window and, from resume on, the recovery window.
     */
    private boolean keep(long sentUs) {
        if (startUs == null) {
            return sentUs >= maxSentUs - settings.baselineUs() - settings.graceUs();
        }
        boolean baseline = sentUs >= startUs - settings.baselineUs() && sentUs < startUs;
        if (resumeUs == null) {
            return baseline || sentUs >= maxSentUs - settings.graceUs();
        }
        return baseline || (sentUs >= resumeUs && sentUs < resumeUs + settings.recoveryUs());
    }

    private void prune() {
        samples.values().removeIf(s -> !keep(s[0]));
        while (samples.size() > MAX_SAMPLES) {
            samples.pollFirstEntry();
        }
    }

    /**
     * Samples as deltas from the previous one (seq +1, sent +~100 ms, RTT): about 6 bytes instead of 24. A VM's
     * tracker is rewritten at every commit while it is probed, so its size is most of the changelog's volume.
     */
    void write(DataOutputStream out) throws IOException {
        out.writeByte(VERSION);
        StateBytes.writeNullableLong(out, startUs);
        StateBytes.writeNullableLong(out, resumeUs);
        out.writeLong(maxSentUs);
        out.writeInt(samples.size());
        long seq = 0;
        long sent = 0;
        for (Map.Entry<Long, long[]> e : samples.entrySet()) {
            ByteUtils.writeVarlong(e.getKey() - seq, out);
            ByteUtils.writeVarlong(e.getValue()[0] - sent, out);
            ByteUtils.writeVarlong(e.getValue()[1], out);
            seq = e.getKey();
            sent = e.getValue()[0];
        }
    }

    static BrownoutTracker read(DataInputStream in, DowntimeSettings settings) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != VERSION_FIXED) {
            throw new IOException("brownout state version " + version + ", expected " + VERSION + " or " + VERSION_FIXED);
        }
        BrownoutTracker b = new BrownoutTracker(settings);
        b.startUs = StateBytes.readNullableLong(in);
        b.resumeUs = StateBytes.readNullableLong(in);
        b.maxSentUs = in.readLong();
        int n = in.readInt();
        long seq = 0;
        long sent = 0;
        for (int i = 0; i < n; i++) {
            if (version == VERSION_FIXED) {
                b.samples.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
                continue;
            }
            seq += ByteUtils.readVarlong(in);
            sent += ByteUtils.readVarlong(in);
            b.samples.put(seq, new long[] {sent, ByteUtils.readVarlong(in)});
        }
        return b;
    }
}
