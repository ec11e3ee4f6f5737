package io.migscope.streams.series;

import io.migscope.avro.ProbeBatch;
import io.migscope.avro.state.ProbeBatchId;
import io.migscope.signals.ProbeBatches;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Folds each VM's probe batches into one-second buckets for the RTT chart. A batch is about one second of probes,
 * so this is one or two store reads and writes per batch; a second that two batches share (one completed early at
 * a loss, or a late reply printed in a later batch) is added to, not overwritten. Each second remembers the
 * batches it counted, so a batch delivered again changes no point.
 */
public final class ProbeBatchSeries implements Processor<String, ProbeBatch, Void, Void> {
    private WindowStore<String, ProbeBucket> store;
    /** The current batch's probes, one bucket per second they were sent in; reused from batch to batch. */
    private final List<ProbeBucket> parts = new ArrayList<>(4);

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        store = ctx.getStateStore(SeriesStores.PROBES);
    }

    @Override
    public void process(Record<String, ProbeBatch> record) {
        String vm = record.key();
        ProbeBatch batch = record.value();
        if (vm == null || batch == null) {
            return;
        }
        parts.clear();
        ProbeBucket part = null;
        int hash = 1;
        for (ProbeBatches.Cursor c = new ProbeBatches.Cursor(batch); c.next(); ) {
            long second = ProbeBucket.bucketMs(c.sentUs());
            if (part == null || part.startMs != second) {
                part = part(second);
            }
            long rttUs = c.hasRtt() ? c.rttUs() : -1L;
            part.add(c.status(), c.hasRtt(), rttUs);
            hash = mix(mix(mix(mix(hash, c.seq()), c.sentUs()), c.observedUs()), rttUs) * 31 + c.status().name().hashCode();
        }
        // What tells this batch from any other of the VM's: where it starts, how many probe lines, and a hash of all
        // of them. Not the seq alone: a late notice and the reply that follows it, or duplicate replies, repeat a
        // seq, and a restarted prober counts from 1 again (with newer sent times).
        ProbeBatchId id = new ProbeBatchId(batch.getFirstSeq(), batch.getFirstSentTimeUs(), batch.getStatuses().size(),
                hash);
        for (ProbeBucket p : parts) {
            ProbeBucket stored = store.fetch(vm, p.startMs);
            ProbeBucket point = stored != null ? stored : new ProbeBucket(p.startMs);
            if (point.addBatch(p, id)) {
                store.put(vm, point, p.startMs);
            }
        }
        parts.clear();
    }

    /** The bucket of {@code second} in this batch: a batch's late replies may return to an earlier second. */
    private ProbeBucket part(long second) {
        for (ProbeBucket p : parts) {
            if (p.startMs == second) {
                return p;
            }
        }
        ProbeBucket p = new ProbeBucket(second);
        parts.add(p);
        return p;
    }

    /** Deterministic across runs and JVMs (no identity hash codes): it is compared with what a previous run stored. */
    private static int mix(int hash, long value) {
        return 31 * hash + Long.hashCode(value);
    }
}
