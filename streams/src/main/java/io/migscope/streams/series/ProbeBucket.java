package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.PingStatus;
import io.migscope.avro.state.ProbeBatchId;
import io.migscope.avro.state.ProbeSecond;
import java.util.ArrayList;
import java.util.List;

/**
 * One second of a VM's probes, by the time each probe was sent: how many, how many answered, were lost (no reply,
 * or unreachable) or reported late ({@code no answer yet}), and the RTT range of the replies; stored as a
 * {@link ProbeSecond} with the batches counted in it. Mutable with primitive counters, so the processor adds a
 * probe without allocating.
 */
public final class ProbeBucket implements SeriesPoint {
    final long startMs;
    int probes;
    int replies;
    int lost;
    int late;
    long rttMinUs = Long.MAX_VALUE;
    long rttMaxUs;
    long rttSumUs;
    private final List<ProbeBatchId> batches;

    ProbeBucket(long startMs) {
        this(startMs, new ArrayList<>(1));
    }

    private ProbeBucket(long startMs, List<ProbeBatchId> batches) {
        this.startMs = startMs;
        this.batches = batches;
    }

    static long bucketMs(long sentUs) {
        return Math.floorDiv(sentUs, 1_000_000L) * 1_000L;
    }

    /** One probe: its status and, for a reply with one ({@code hasRtt}), its round trip. */
    void add(PingStatus status, boolean hasRtt, long rttUs) {
        switch (status) {
            case REPLY -> {
                probes++;
                replies++;
                if (hasRtt) {
                    rttMinUs = Math.min(rttMinUs, rttUs);
                    rttMaxUs = Math.max(rttMaxUs, rttUs);
                    rttSumUs += rttUs;
                }
            }
            case LOST, UNREACHABLE -> {
                probes++;
                lost++;
            }
            // A late probe may still be answered (its reply line follows) or be lost: count it, not as a probe.
            case LATE -> late++;
            default -> {
                // DUPLICATE: a second reply to a probe already counted
            }
        }
    }

    /** Adds {@code part}, the probes of this second in batch {@code id}, unless that batch is counted already. */
    boolean addBatch(ProbeBucket part, ProbeBatchId id) {
        if (counted(id)) {
            return false;
        }
        probes += part.probes;
        replies += part.replies;
        lost += part.lost;
        late += part.late;
        rttMinUs = Math.min(rttMinUs, part.rttMinUs);
        rttMaxUs = Math.max(rttMaxUs, part.rttMaxUs);
        rttSumUs += part.rttSumUs;
        batches.add(id);
        return true;
    }

    private boolean counted(ProbeBatchId id) {
        for (ProbeBatchId b : batches) {
            if (b.getFirstSeq() == id.getFirstSeq() && b.getFirstSentUs() == id.getFirstSentUs()
                    && b.getProbes() == id.getProbes() && b.getContentHash() == id.getContentHash()) {
                return true;
            }
        }
        return false;
    }

    /** {@code time_us, probes, replies, lost, late, rtt_min_us, rtt_max_us, rtt_mean_us} (RTTs null without replies). */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("time_us", startMs * 1000L);
        n.put("probes", probes);
        n.put("replies", replies);
        n.put("lost", lost);
        n.put("late", late);
        boolean rtt = replies > 0 && hasRtt();
        n.put("rtt_min_us", rtt ? Long.valueOf(rttMinUs) : null);
        n.put("rtt_max_us", rtt ? Long.valueOf(rttMaxUs) : null);
        n.put("rtt_mean_us", rtt ? Long.valueOf(rttSumUs / replies) : null);
        return n;
    }

    private boolean hasRtt() {
        return rttMinUs != Long.MAX_VALUE;
    }

    ProbeSecond toState() {
        ProbeSecond s = new ProbeSecond();
        s.setStartMs(startMs);
        s.setProbes(probes);
        s.setReplies(replies);
        s.setLost(lost);
        s.setLate(late);
        s.setRttMinUs(hasRtt() ? rttMinUs : null);
        s.setRttMaxUs(hasRtt() ? rttMaxUs : null);
        s.setRttSumUs(rttSumUs);
        s.setBatches(batches);
        return s;
    }

    static ProbeBucket of(ProbeSecond s) {
        ProbeBucket b = new ProbeBucket(s.getStartMs(), s.getBatches());
        b.probes = s.getProbes();
        b.replies = s.getReplies();
        b.lost = s.getLost();
        b.late = s.getLate();
        if (s.getRttMinUs() != null) {
            b.rttMinUs = s.getRttMinUs();
            b.rttMaxUs = s.getRttMaxUs() == null ? s.getRttMinUs() : s.getRttMaxUs();
        }
        b.rttSumUs = s.getRttSumUs();
        return b;
    }
}
