package io.migscope.streams.downtime;

import io.migscope.avro.Blackout;
import io.migscope.avro.PingStatus;
import io.migscope.avro.state.Hole;
import io.migscope.avro.state.LateProbe;
import io.migscope.avro.state.ProbeTracker;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed blackout of one VM from its ping probes, on the VM's {@link ProbeTracker} state.
 *
 * <p>The state is the SET of replied seqs, held as its bounds plus the holes in it (each hole is a blackout: the
 * last reply before, the first reply after, and n = seq difference - 1 lost probes). A reply inside a hole splits it,
 * so reordering and duplicates give the same blackouts. Lost samples are not needed to find holes (plain
 * {@code ping} prints nothing for them); LOST, UNREACHABLE and LATE samples only extend an open blackout after the
 * last reply. A LATE probe whose reply arrives is a reply; DUPLICATE lines are ignored.
 *
 * <p>T is measured, not configured: (sent time of last reply - sent time of first reply) / (seq difference), the
 * mean interval over the whole span, which follows ping's drift (about 104 ms for {@code -i 0.1}) and does not
 * depend on arrival order.
 */
final class ProbeTrackerLogic {
    /** What one probe did to the state: a TRANSITION opens, closes or splits a blackout. */
    enum Change { NONE, RUNNING, TRANSITION }

    /** Late seqs kept to count late probes; a late probe only happens during trouble, so this bound is generous. */
    private static final int MAX_LATE = 4096;

    private ProbeTrackerLogic() {
    }

    static ProbeTracker empty() {
        return ProbeTracker.newBuilder().setHoles(new ArrayList<>()).setLate(new ArrayList<>())
                .setRttSeconds(new ArrayList<>()).setWindows(new ArrayList<>()).setGuest(new ArrayList<>()).build();
    }

    /** The stored state with lists this step can change (Avro reads arrays into lists that cannot remove). */
    static ProbeTracker mutable(ProbeTracker t) {
        if (t == null) {
            return empty();
        }
        t.setHoles(new ArrayList<>(t.getHoles()));
        t.setLate(new ArrayList<>(t.getLate()));
        t.setRttSeconds(new ArrayList<>(t.getRttSeconds()));
        t.setWindows(new ArrayList<>(t.getWindows()));
        t.setGuest(new ArrayList<>(t.getGuest()));
        t.getWindows().forEach(w -> w.setAfterResume(new ArrayList<>(w.getAfterResume())));
        return t;
    }

    /** Feeds one probe. Never throws on a bad sample: an unknown status is counted in {@code ignored}. */
    static Change onProbe(ProbeTracker t, long seq, long sentUs, PingStatus status, Long intervalUs) {
        switch (status) {
            case REPLY:
                noteInterval(t, intervalUs);
                return onReply(t, seq, sentUs);
            case LATE:
                noteInterval(t, intervalUs);
                if (t.getLate().size() < MAX_LATE && !isLate(t, seq)) {
                    t.getLate().add(new LateProbe(seq, sentUs));
                }
                return onLost(t, seq, sentUs);
            case LOST:
            case UNREACHABLE:
                noteInterval(t, intervalUs);
                return onLost(t, seq, sentUs);
            case DUPLICATE:
                return Change.NONE;
            default:
                t.setIgnored(t.getIgnored() + 1);
                return Change.NONE;
        }
    }

    /** T in microseconds: measured when two replies exist, else the interval the prober was configured with. */
    static Long intervalUs(ProbeTracker t) {
        if (t.getLastSeq() > t.getFirstSeq() && t.getFirstSeq() >= 0) {
            return Math.round((double) (t.getLastSentUs() - t.getFirstSentUs()) / (t.getLastSeq() - t.getFirstSeq()));
        }
        return t.getConfiguredIntervalUs();
    }

    /** Closed blackouts in probe-time order, then the open one if the data ends inside a blackout. */
    static List<Blackout> blackouts(ProbeTracker t) {
        List<Blackout> out = new ArrayList<>();
        Long interval = intervalUs(t);
        double tMs = interval == null ? 0 : interval / 1000.0;
        for (Hole h : t.getHoles()) {
            double gapMs = (h.getToUs() - h.getFromUs()) / 1000.0;
            // G = (n+1)T, so G - T = nT is the estimate (using the local gap keeps the error below one interval);
            // the guest went dark after the last reply and came back before the first one: [G - 2T, G].
            out.add(Blackout.newBuilder().setLastReplyUs(h.getFromUs()).setFirstReplyUs(h.getToUs())
                    .setLostProbes((int) (h.getToSeq() - h.getFromSeq() - 1)).setEstimateMs(Math.max(0, gapMs - tMs))
                    .setLowerMs(Math.max(0, gapMs - 2 * tMs)).setUpperMs(gapMs).setOpen(false).build());
        }
        if (isOpen(t)) {
            int n = (int) (t.getMaxLostSeq() - t.getLastSeq());
            double seenMs = (t.getMaxLostSentUs() - t.getLastSentUs()) / 1000.0;
            // The next reply can come at the earliest one interval after the last lost probe: G >= seen + T.
            out.add(Blackout.newBuilder().setLastReplyUs(t.getLastSentUs()).setFirstReplyUs(null).setLostProbes(n)
                    .setEstimateMs(Math.max(seenMs, n * tMs)).setLowerMs(Math.max(0, seenMs - tMs))
                    .setUpperMs(null).setOpen(true).build());
        }
        return out;
    }

    /** A line delivered again (a batch sent twice) is still one late probe. */
    private static boolean isLate(ProbeTracker t, long seq) {
        for (LateProbe p : t.getLate()) {
            if (p.getSeq() == seq) {
                return true;
            }
        }
        return false;
    }

    /** Late probes whose reply came, sent in {@code [fromUs, untilUs)}: inside the replied span, outside every hole. */
    static long lateReplied(ProbeTracker t, long fromUs, long untilUs) {
        long n = 0;
        for (LateProbe p : t.getLate()) {
            long seq = p.getSeq();
            if (seq >= t.getFirstSeq() && seq <= t.getLastSeq() && p.getSentUs() >= fromUs && p.getSentUs() < untilUs
                    && holeContaining(t, seq) == null) {
                n++;
            }
        }
        return n;
    }

    /** Forgets closed blackouts and late probes from before {@code us}: nothing that is still reported needs them. */
    static void forgetBefore(ProbeTracker t, long us) {
        t.getHoles().removeIf(h -> h.getToUs() < us);
        t.getLate().removeIf(p -> p.getSentUs() < us);
    }

    private static boolean isOpen(ProbeTracker t) {
        return t.getLastSeq() >= 0 && t.getMaxLostSeq() > t.getLastSeq();
    }

    private static void noteInterval(ProbeTracker t, Long intervalUs) {
        if (intervalUs != null) {
            // min, not first: the result must not depend on arrival order
            Long c = t.getConfiguredIntervalUs();
            t.setConfiguredIntervalUs(c == null ? intervalUs : Math.min(c, intervalUs));
        }
    }

    private static Change onReply(ProbeTracker t, long seq, long sentUs) {
        if (t.getFirstSeq() < 0 || restarted(t, seq, sentUs)) {
            t.setFirstSeq(seq);
            t.setFirstSentUs(sentUs);
            t.setLastSeq(seq);
            t.setLastSentUs(sentUs);
            t.setMaxLostSeq(-1);
            return Change.TRANSITION;
        }
        if (seq > t.getLastSeq()) {
            boolean wasOpen = isOpen(t);
            boolean hole = seq - t.getLastSeq() > 1;
            if (hole) {
                addHole(t, new Hole(t.getLastSeq(), t.getLastSentUs(), seq, sentUs));
            }
            t.setLastSeq(seq);
            t.setLastSentUs(sentUs);
            return hole || wasOpen ? Change.TRANSITION : Change.RUNNING;
        }
        if (seq < t.getFirstSeq()) {
            if (t.getFirstSeq() - seq > 1) {
                addHole(t, new Hole(seq, sentUs, t.getFirstSeq(), t.getFirstSentUs()));
            }
            t.setFirstSeq(seq);
            t.setFirstSentUs(sentUs);
            return Change.TRANSITION;
        }
        return splitHole(t, seq, sentUs);
    }

    /**
     * A reply whose seq does not fit its send time came from a new prober (ping restarted, or the VM is probed
     * again after a pause): its seq numbering starts afresh, so the gap is not lost probes. It fits when the
     * seq distance times T matches the time distance within max(3T, a quarter of it).
     */
    private static boolean restarted(ProbeTracker t, long seq, long sentUs) {
        Long interval = intervalUs(t);
        if (interval == null || interval <= 0 || seq >= t.getFirstSeq() && seq <= t.getLastSeq()) {
            return false;
        }
        long expectedUs = (seq - t.getLastSeq()) * interval;
        long actualUs = sentUs - t.getLastSentUs();
        return Math.abs(actualUs - expectedUs) > Math.max(3 * interval, Math.abs(expectedUs) / 4);
    }

    /** A reply that arrived out of order may fall inside a hole: it was late, not lost. */
    private static Change splitHole(ProbeTracker t, long seq, long sentUs) {
        Hole h = holeContaining(t, seq);
        if (h == null) {
            return Change.NONE;
        }
        t.getHoles().remove(h);
        if (seq - h.getFromSeq() > 1) {
            addHole(t, new Hole(h.getFromSeq(), h.getFromUs(), seq, sentUs));
        }
        if (h.getToSeq() - seq > 1) {
            addHole(t, new Hole(seq, sentUs, h.getToSeq(), h.getToUs()));
        }
        return Change.TRANSITION;
    }

    private static Hole holeContaining(ProbeTracker t, long seq) {
        for (Hole h : t.getHoles()) {
            if (seq > h.getFromSeq() && seq < h.getToSeq()) {
                return h;
            }
        }
        return null;
    }

    /** Holes stay ordered by their first seq. */
    private static void addHole(ProbeTracker t, Hole h) {
        List<Hole> holes = t.getHoles();
        int i = holes.size();
        while (i > 0 && holes.get(i - 1).getFromSeq() > h.getFromSeq()) {
            i--;
        }
        holes.add(i, h);
    }

    private static Change onLost(ProbeTracker t, long seq, long sentUs) {
        if (seq <= t.getMaxLostSeq()) {
            return Change.NONE;
        }
        boolean opens = t.getLastSeq() >= 0 && seq > t.getLastSeq() && !isOpen(t);
        t.setMaxLostSeq(seq);
        t.setMaxLostSentUs(sentUs);
        return opens ? Change.TRANSITION : Change.RUNNING;
    }
}
