package io.migscope.signals;

import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.avro.ProbeError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a VM's consecutive probes into one {@link ProbeBatch} and back. The batch is the wire format between the
 * collectors and Kafka Streams; {@code migscope parse ping} and {@code record} still show one probe per line.
 *
 * <p>All probes of a batch share the VM, target, cluster, prober host and configured interval ({@link #sameSource});
 * the seq and sent time of each probe are deltas from the previous one, so a batch of ten 100 ms probes costs a few
 * bytes a probe. The printed {@code icmp_seq} is not stored: it is the unwrapped seq modulo 65536.
 */
public final class ProbeBatches {
    private static final long WRAP = 65_536L;

    private ProbeBatches() {
    }

    /** One batch of {@code samples} (at least one, all from one source), in the given order. */
    public static ProbeBatch of(List<PingSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a probe batch needs at least one probe");
        }
        PingSample first = samples.get(0);
        List<Long> seqDeltas = new ArrayList<>(samples.size());
        List<Long> sentDeltas = new ArrayList<>(samples.size());
        List<Long> observed = new ArrayList<>(samples.size());
        List<PingStatus> statuses = new ArrayList<>(samples.size());
        List<Long> rtts = new ArrayList<>(samples.size());
        List<ProbeError> errors = new ArrayList<>(0);
        long prevSeq = first.getSeq();
        long prevSent = first.getSentTimeUs();
        long lastSent = Long.MIN_VALUE;
        for (int i = 0; i < samples.size(); i++) {
            PingSample p = samples.get(i);
            if (!sameSource(first, p)) {
                throw new IllegalArgumentException("probe " + i + " of a batch comes from another source: " + p);
            }
            seqDeltas.add(p.getSeq() - prevSeq);
            sentDeltas.add(p.getSentTimeUs() - prevSent);
            observed.add(p.getObservedTimeUs() - p.getSentTimeUs());
            statuses.add(p.getStatus());
            if (p.getRttUs() != null) {
                rtts.add(p.getRttUs());
            }
            if (p.getError() != null) {
                errors.add(ProbeError.newBuilder().setIndex(i).setError(p.getError()).build());
            }
            prevSeq = p.getSeq();
            prevSent = p.getSentTimeUs();
            lastSent = Math.max(lastSent, p.getSentTimeUs());
        }
        return ProbeBatch.newBuilder().setVm(first.getVm()).setTarget(first.getTarget()).setCluster(first.getCluster())
                .setHost(first.getHost()).setIntervalUs(first.getIntervalUs()).setFirstSeq(first.getSeq())
                .setFirstSentTimeUs(first.getSentTimeUs()).setLastSentTimeUs(lastSent).setSeqDeltas(seqDeltas)
                .setSentDeltasUs(sentDeltas).setObservedOffsetsUs(observed).setStatuses(statuses).setRttUs(rtts)
                .setErrors(errors).build();
    }

    /** Whether two probes may share a batch: same VM, target, cluster, prober and configured interval. */
    public static boolean sameSource(PingSample a, PingSample b) {
        return a.getVm().equals(b.getVm()) && a.getTarget().equals(b.getTarget())
                && Objects.equals(a.getCluster(), b.getCluster()) && Objects.equals(a.getHost(), b.getHost())
                && Objects.equals(a.getIntervalUs(), b.getIntervalUs());
    }

    /** The probes of a batch, one sample each, as the parser produced them (the TTL is not carried). */
    public static List<PingSample> expand(ProbeBatch b) {
        List<PingSample> out = new ArrayList<>(b.getStatuses().size());
        for (Cursor c = new Cursor(b); c.next(); ) {
            out.add(PingSample.newBuilder().setVm(b.getVm()).setTarget(b.getTarget()).setCluster(b.getCluster())
                    .setHost(b.getHost()).setSeq(c.seq()).setSeqRaw((int) Math.floorMod(c.seq(), WRAP))
                    .setSentTimeUs(c.sentUs()).setObservedTimeUs(c.observedUs())
                    .setRttUs(c.hasRtt() ? c.rttUs() : null).setStatus(c.status()).setIntervalUs(b.getIntervalUs())
                    .setError(c.error()).build());
        }
        return out;
    }

    /**
     * Why a batch cannot be read, or null: the per-probe arrays must have one entry per probe, one RTT per probe
     * whose status carries one, error indexes inside the batch, and {@code last_sent_time_us} the latest sent time.
     */
    public static String problem(ProbeBatch b) {
        int n = b.getStatuses().size();
        if (n == 0) {
            return "a probe batch without probes";
        }
        if (b.getSeqDeltas().size() != n || b.getSentDeltasUs().size() != n || b.getObservedOffsetsUs().size() != n) {
            return "per-probe arrays of different lengths (statuses " + n + ", seq_deltas " + b.getSeqDeltas().size()
                    + ", sent_deltas_us " + b.getSentDeltasUs().size() + ", observed_offsets_us "
                    + b.getObservedOffsetsUs().size() + ")";
        }
        long withRtt = b.getStatuses().stream().filter(ProbeBatches::carriesRtt).count();
        if (withRtt != b.getRttUs().size()) {
            return withRtt + " probes with a reply but " + b.getRttUs().size() + " round trips";
        }
        for (ProbeError e : b.getErrors()) {
            if (e.getIndex() < 0 || e.getIndex() >= n) {
                return "error index " + e.getIndex() + " outside the batch of " + n;
            }
        }
        long latest = Long.MIN_VALUE;
        for (Cursor c = new Cursor(b); c.next(); ) {
            latest = Math.max(latest, c.sentUs());
        }
        return latest == b.getLastSentTimeUs() ? null
                : "last_sent_time_us " + b.getLastSentTimeUs() + " is not the latest sent time " + latest;
    }

    /** REPLY and DUPLICATE lines carry a round trip; losses, errors and late notices do not. */
    public static boolean carriesRtt(PingStatus s) {
        return s == PingStatus.REPLY || s == PingStatus.DUPLICATE;
    }

    /**
     * Walks a batch's probes without allocating: {@code for (Cursor c = new Cursor(b); c.next(); )}. RTTs that
     * a probe does not carry read as absent ({@link #hasRtt()} false).
     */
    public static final class Cursor {
        private final ProbeBatch batch;
        private int index = -1;
        private int rttIndex;
        private int errorIndex;
        private long seq;
        private long sentUs;
        private boolean hasRtt;

        public Cursor(ProbeBatch batch) {
            this.batch = batch;
            this.seq = batch.getFirstSeq();
            this.sentUs = batch.getFirstSentTimeUs();
        }

        /** Moves to the next probe; false after the last. */
        public boolean next() {
            if (hasRtt) {
                rttIndex++;
            }
            index++;
            if (index >= batch.getStatuses().size()) {
                return false;
            }
            seq += batch.getSeqDeltas().get(index);
            sentUs += batch.getSentDeltasUs().get(index);
            hasRtt = carriesRtt(status());
            return true;
        }

        public int index() {
            return index;
        }

        public long seq() {
            return seq;
        }

        public long sentUs() {
            return sentUs;
        }

        public long observedUs() {
            return sentUs + batch.getObservedOffsetsUs().get(index);
        }

        public PingStatus status() {
            return batch.getStatuses().get(index);
        }

        public boolean hasRtt() {
            return hasRtt;
        }

        public long rttUs() {
            if (!hasRtt) {
                throw new IllegalStateException("probe " + index + " (" + status() + ") has no round trip");
            }
            return batch.getRttUs().get(rttIndex);
        }

        /** The error text of this probe, or null. */
        public String error() {
            List<ProbeError> errors = batch.getErrors();
            while (errorIndex < errors.size() && errors.get(errorIndex).getIndex() < index) {
                errorIndex++;
            }
            return errorIndex < errors.size() && errors.get(errorIndex).getIndex() == index
                    ? errors.get(errorIndex).getError() : null;
        }
    }
}
