package io.migscope.streams.series;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.PingSample;
import io.migscope.streams.state.StateBytes;
import java.io.DataInputStream;

/**
 * One second of a VM's probes, by the time each probe was sent: how many, how many answered, were lost (no reply,
 * or unreachable) or reported late ({@code no answer yet}), and the RTT range of the replies. Mutable, so the
 * processor adds a probe without allocating.
 */
public final class ProbeBucket implements SeriesPoint {
    private static final int VERSION = 1;
    final long startMs;
    int probes;
    int replies;
    int lost;
    int late;
    long rttMinUs = Long.MAX_VALUE;
    long rttMaxUs;
    long rttSumUs;

    ProbeBucket(long startMs) {
        this.startMs = startMs;
    }

    static long bucketMs(long sentUs) {
        return Math.floorDiv(sentUs, 1_000_000L) * 1_000L;
    }

    void add(PingSample p) {
        add(p.getStatus(), p.getRttUs());
    }

    /** One probe: its status and, for a reply, its round trip. */
    void add(io.migscope.avro.PingStatus status, Long rttUs) {
        switch (status) {
            case REPLY -> {
                probes++;
                replies++;
                if (rttUs != null) {
                    long rtt = rttUs;
                    rttMinUs = Math.min(rttMinUs, rtt);
                    rttMaxUs = Math.max(rttMaxUs, rtt);
                    rttSumUs += rtt;
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

    void merge(ProbeBucket o) {
        probes += o.probes;
        replies += o.replies;
        lost += o.lost;
        late += o.late;
        rttMinUs = Math.min(rttMinUs, o.rttMinUs);
        rttMaxUs = Math.max(rttMaxUs, o.rttMaxUs);
        rttSumUs += o.rttSumUs;
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
        boolean rtt = replies > 0 && rttMinUs != Long.MAX_VALUE;
        n.put("rtt_min_us", rtt ? Long.valueOf(rttMinUs) : null);
        n.put("rtt_max_us", rtt ? Long.valueOf(rttMaxUs) : null);
        n.put("rtt_mean_us", rtt ? Long.valueOf(rttSumUs / replies) : null);
        return n;
    }

    byte[] toBytes() {
        return StateBytes.write(out -> {
            out.writeByte(VERSION);
            out.writeLong(startMs);
            out.writeInt(probes);
            out.writeInt(replies);
            out.writeInt(lost);
            out.writeInt(late);
            out.writeLong(rttMinUs);
            out.writeLong(rttMaxUs);
            out.writeLong(rttSumUs);
        });
    }

    static ProbeBucket fromBytes(byte[] bytes) {
        return StateBytes.read(bytes, "probe bucket", (DataInputStream in) -> {
            StateBytes.checkVersion(in, VERSION, "probe bucket");
            ProbeBucket b = new ProbeBucket(in.readLong());
            b.probes = in.readInt();
            b.replies = in.readInt();
            b.lost = in.readInt();
            b.late = in.readInt();
            b.rttMinUs = in.readLong();
            b.rttMaxUs = in.readLong();
            b.rttSumUs = in.readLong();
            return b;
        });
    }
}
