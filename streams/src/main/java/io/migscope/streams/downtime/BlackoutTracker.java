package io.migscope.streams.downtime;

import io.migscope.avro.Blackout;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.PingSample;
import io.migscope.streams.state.StateBytes;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Observed blackout of one VM from its ping probes.
 *
 * <p>The state is the SET of replied seqs, held as its bounds plus the holes in it (each hole is a blackout:
 * the last reply before, the first reply after, and n = seq difference - 1 lost probes). A reply inside a hole
 * splits it, so reordering within any bound and duplicates give the same blackouts. Lost samples are not needed
 * to find holes (plain {@code ping} prints nothing for them); LOST, UNREACHABLE and LATE samples only extend an
 * open blackout after the last reply. A LATE probe whose reply arrives is a reply; DUPLICATE lines are ignored.
 *
 * <p>T is measured, not configured: (sent time of last reply - sent time of first reply) / (seq difference),
 * the mean interval over the whole span, which follows ping's drift (about 104 ms for {@code -i 0.1}) and does
 * not depend on arrival order.
 *
 * <p>Per-probe cost: a few comparisons. {@link #onProbe} says whether the probe was a transition (a hole opened,
 * closed or split, an open blackout started); only then must the stored state be written at once. Between
 * transitions only the running bounds move; a processor can flush those lazily (e.g. in a punctuator).
 */
public final class BlackoutTracker {
    private static final int VERSION = 1;
    /** Late seqs kept to count late probes; a late probe only happens during trouble, so this bound is generous. */
    private static final int MAX_LATE = 4096;

    /** What one probe did to the state. */
    public enum Change { NONE, RUNNING, TRANSITION }

    private final DowntimeSettings settings;
    private final TreeMap<Long, long[]> holes = new TreeMap<>();
    private final TreeSet<Long> lateSeqs = new TreeSet<>();
    private BrownoutTracker brownout;
    private long firstSeq = -1;
    private long firstSentUs;
    private long lastSeq = -1;
    private long lastSentUs;
    private long maxLostSeq = -1;
    private long maxLostSentUs;
    private long minSeq = Long.MAX_VALUE;
    private long maxSeq = Long.MIN_VALUE;
    private Long configuredIntervalUs;
    private long ignored;

    public BlackoutTracker(DowntimeSettings settings) {
        this.settings = settings;
        this.brownout = new BrownoutTracker(settings);
    }

    /** Feeds one probe of this VM. Never throws on a bad sample: an unknown status is counted in {@link #ignored()}. */
    public Change onProbe(PingSample p) {
        switch (p.getStatus()) {
            case REPLY:
                noteSeq(p);
                if (p.getRttUs() != null) {
                    brownout.onReply(p.getSeq(), p.getSentTimeUs(), p.getRttUs());
                }
                return onReply(p.getSeq(), p.getSentTimeUs());
            case LATE:
                noteSeq(p);
                if (lateSeqs.size() < MAX_LATE) {
                    lateSeqs.add(p.getSeq());
                }
                return onLost(p.getSeq(), p.getSentTimeUs());
            case LOST:
            case UNREACHABLE:
                noteSeq(p);
                return onLost(p.getSeq(), p.getSentTimeUs());
            case DUPLICATE:
                return Change.NONE;
            default:
                ignored++;
                return Change.NONE;
        }
    }

    /** Tells the brownout computation when the migration started and when the guest resumed. */
    public void setMigrationWindow(Long migrationStartUs, Long resumedUs) {
        brownout.setWindow(migrationStartUs, resumedUs);
    }

    /** T in microseconds: measured when two replies exist, else the interval the prober was configured with. */
    public Long intervalUs() {
        if (lastSeq > firstSeq && firstSeq >= 0) {
            return Math.round((double) (lastSentUs - firstSentUs) / (lastSeq - firstSeq));
        }
        return configuredIntervalUs;
    }

    /** Closed blackouts in probe-time order, then the open one if the data ends inside a blackout. */
    public List<Blackout> blackouts() {
        List<Blackout> out = new ArrayList<>();
        Long t = intervalUs();
        double tMs = t == null ? 0 : t / 1000.0;
        for (long[] h : holes.values()) {
            double gapMs = (h[3] - h[1]) / 1000.0;
            // G = (n+1)T, so G - T = nT is the estimate (using the local gap keeps the error below one interval);
            // the guest went dark after the last reply and came back before the first one: [G - 2T, G].
            out.add(Blackout.newBuilder().setLastReplyUs(h[1]).setFirstReplyUs(h[3])
                    .setLostProbes((int) (h[2] - h[0] - 1)).setEstimateMs(Math.max(0, gapMs - tMs))
                    .setLowerMs(Math.max(0, gapMs - 2 * tMs)).setUpperMs(gapMs).setOpen(false).build());
        }
        if (isOpen()) {
            int n = (int) (maxLostSeq - lastSeq);
            double seenMs = (maxLostSentUs - lastSentUs) / 1000.0;
            // The next reply can come at the earliest one interval after the last lost probe: G >= seen + T.
            out.add(Blackout.newBuilder().setLastReplyUs(lastSentUs).setFirstReplyUs(null).setLostProbes(n)
                    .setEstimateMs(Math.max(seenMs, n * tMs)).setLowerMs(Math.max(0, seenMs - tMs))
                    .setUpperMs(null).setOpen(true).build());
        }
        return out;
    }

    /** The report with every field this tracker knows; reported downtime comes from the hypervisor (timeline facts). */
    public DowntimeReport report(String migrationId, String vm, Long reportedDowntimeMs, String reportedSource,
                                 boolean fin) {
        return report(migrationId, vm, reportedDowntimeMs, reportedSource, fin, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As {@link #report}, keeping only the blackouts inside one migration's window of probe times. */
    public DowntimeReport report(String migrationId, String vm, Long reportedDowntimeMs, String reportedSource,
                                 boolean fin, long fromUs, long untilUs) {
        List<Blackout> list = blackouts().stream()
                .filter(b -> (b.getFirstReplyUs() == null || b.getFirstReplyUs() >= fromUs) && b.getLastReplyUs() <= untilUs)
                .toList();
        double longest = 0;
        double total = 0;
        long lost = 0;
        for (Blackout b : list) {
            longest = Math.max(longest, b.getEstimateMs());
            total += b.getEstimateMs();
            lost += b.getLostProbes();
        }
        return DowntimeReport.newBuilder().setMigrationId(migrationId).setVm(vm).setIntervalUs(intervalUs())
                .setProbes(maxSeq >= minSeq ? maxSeq - minSeq + 1 : 0).setProbesLost(lost).setProbesLate(lateReplied())
                .setBlackouts(list).setObservedBlackoutMs(list.isEmpty() ? null : longest)
                .setObservedBlackoutTotalMs(list.isEmpty() ? null : total).setBlackoutCount(list.size())
                .setReportedDowntimeMs(reportedDowntimeMs).setReportedSource(reportedSource)
                .setRttBaselineUs(brownout.baselineUs()).setRttPeakAfterResumeUs(brownout.peakAfterResumeUs())
                .setBrownoutMs(brownout.brownoutMs()).setFinal$(fin).build();
    }

    /**
     * Forgets closed blackouts that ended before {@code us}, so a VM's state stays bounded between migrations;
     * returns how many were forgotten (outages outside any migration, which the caller counts).
     */
    public int forgetBefore(long us) {
        int before = holes.size();
        holes.values().removeIf(h -> h[3] < us);
        return before - holes.size();
    }

    /** Samples with a status this tracker cannot use (UNKNOWN), counted so they are never dropped silently. */
    public long ignored() {
        return ignored;
    }

    private boolean isOpen() {
        return lastSeq >= 0 && maxLostSeq > lastSeq;
    }

    private void noteSeq(PingSample p) {
        minSeq = Math.min(minSeq, p.getSeq());
        maxSeq = Math.max(maxSeq, p.getSeq());
        if (p.getIntervalUs() != null) {
            // min, not first: the result must not depend on arrival order
            configuredIntervalUs = configuredIntervalUs == null ? p.getIntervalUs()
                    : Math.min(configuredIntervalUs, p.getIntervalUs());
        }
    }

    private Change onReply(long seq, long sentUs) {
        if (firstSeq < 0 || restarted(seq, sentUs)) {
            firstSeq = seq;
            firstSentUs = sentUs;
            lastSeq = seq;
            lastSentUs = sentUs;
            maxLostSeq = -1;
            return Change.TRANSITION;
        }
        if (seq > lastSeq) {
            boolean wasOpen = isOpen();
            boolean hole = seq - lastSeq > 1;
            if (hole) {
                holes.put(lastSeq, new long[] {lastSeq, lastSentUs, seq, sentUs});
            }
            lastSeq = seq;
            lastSentUs = sentUs;
            return hole || wasOpen ? Change.TRANSITION : Change.RUNNING;
        }
        if (seq < firstSeq) {
            if (firstSeq - seq > 1) {
                holes.put(seq, new long[] {seq, sentUs, firstSeq, firstSentUs});
            }
            firstSeq = seq;
            firstSentUs = sentUs;
            return Change.TRANSITION;
        }
        return splitHole(seq, sentUs);
    }

    /**
     * A reply whose seq does not fit its send time came from a new prober (ping restarted, or the VM is probed
     * again after a pause): its seq numbering starts afresh, so the gap is not lost probes. It fits when the
     * seq distance times T matches the time distance within max(3T, a quarter of it).
     */
    private boolean restarted(long seq, long sentUs) {
        Long t = intervalUs();
        if (t == null || t <= 0 || (seq >= firstSeq && seq <= lastSeq)) {
            return false;
        }
        long expectedUs = (seq - lastSeq) * t;
        long actualUs = sentUs - lastSentUs;
        return Math.abs(actualUs - expectedUs) > Math.max(3 * t, Math.abs(expectedUs) / 4);
    }

    /** A reply that arrived out of order may fall inside a hole: it was late, not lost. */
    private Change splitHole(long seq, long sentUs) {
        Map.Entry<Long, long[]> e = holes.lowerEntry(seq);
        if (e == null || seq >= e.getValue()[2]) {
            return Change.NONE;
        }
        long[] h = holes.remove(e.getKey());
        if (seq - h[0] > 1) {
            holes.put(h[0], new long[] {h[0], h[1], seq, sentUs});
        }
        if (h[2] - seq > 1) {
            holes.put(seq, new long[] {seq, sentUs, h[2], h[3]});
        }
        return Change.TRANSITION;
    }

    private Change onLost(long seq, long sentUs) {
        if (seq <= maxLostSeq) {
            return Change.NONE;
        }
        boolean opens = lastSeq >= 0 && seq > lastSeq && !isOpen();
        maxLostSeq = seq;
        maxLostSentUs = sentUs;
        return opens ? Change.TRANSITION : Change.RUNNING;
    }

    /** Late probes whose reply came: late seqs inside the replied span and outside every hole. */
    private long lateReplied() {
        long n = 0;
        for (long seq : lateSeqs) {
            if (seq < firstSeq || seq > lastSeq) {
                continue;
            }
            Map.Entry<Long, long[]> e = holes.lowerEntry(seq);
            if (e == null || seq >= e.getValue()[2]) {
                n++;
            }
        }
        return n;
    }

    public byte[] toBytes() {
        return StateBytes.write(out -> {
            out.writeByte(VERSION);
            out.writeLong(firstSeq);
            out.writeLong(firstSentUs);
            out.writeLong(lastSeq);
            out.writeLong(lastSentUs);
            out.writeLong(maxLostSeq);
            out.writeLong(maxLostSentUs);
            out.writeLong(minSeq);
            out.writeLong(maxSeq);
            StateBytes.writeNullableLong(out, configuredIntervalUs);
            out.writeLong(ignored);
            out.writeInt(holes.size());
            for (long[] h : holes.values()) {
                for (long v : h) {
                    out.writeLong(v);
                }
            }
            out.writeInt(lateSeqs.size());
            for (long s : lateSeqs) {
                out.writeLong(s);
            }
            brownout.write(out);
        });
    }

    public static BlackoutTracker fromBytes(byte[] data, DowntimeSettings settings) {
        return StateBytes.read(data, "blackout", in -> read(in, settings));
    }

    private static BlackoutTracker read(DataInputStream in, DowntimeSettings settings) throws IOException {
        StateBytes.checkVersion(in, VERSION, "blackout");
        BlackoutTracker t = new BlackoutTracker(settings);
        t.firstSeq = in.readLong();
        t.firstSentUs = in.readLong();
        t.lastSeq = in.readLong();
        t.lastSentUs = in.readLong();
        t.maxLostSeq = in.readLong();
        t.maxLostSentUs = in.readLong();
        t.minSeq = in.readLong();
        t.maxSeq = in.readLong();
        t.configuredIntervalUs = StateBytes.readNullableLong(in);
        t.ignored = in.readLong();
        int holes = in.readInt();
        for (int i = 0; i < holes; i++) {
            long[] h = {in.readLong(), in.readLong(), in.readLong(), in.readLong()};
            t.holes.put(h[0], h);
        }
        int late = in.readInt();
        for (int i = 0; i < late; i++) {
            t.lateSeqs.add(in.readLong());
        }
        t.brownout = BrownoutTracker.read(in, settings);
        return t;
    }
}
