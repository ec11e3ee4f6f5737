package io.migscope.streams.series;

import io.migscope.avro.PingSample;
import io.migscope.streams.correlate.Watermarks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Folds each VM's probes into one-second buckets for the RTT chart. The bucket in progress lives in memory and is
 * written once it is complete (the next second's probe, or a stream-time punctuation when the VM goes quiet): one
 * store read and write per VM per second instead of one per probe. Probes for a second already written (late
 * within grace) are added to it. A restart loses at most the second in progress.
 */
public final class ProbeSeries implements Processor<String, SpecificRecord, Void, Void> {
    /** A bucket this far behind stream time is complete: probes of a second are at most this much out of order. */
    private static final long SETTLE_MS = 2_000;
    private final Map<String, ProbeBucket> open = new HashMap<>();
    private WindowStore<String, ProbeBucket> store;

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        store = ctx.getStateStore(SeriesStores.PROBES);
        // A task revived after an error re-runs init on this instance: what was not written is read again.
        open.clear();
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.STREAM_TIME, this::writeSettled);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof PingSample p) || Watermarks.isWatermark(p.getVm())) {
            return;
        }
        long bucketMs = ProbeBucket.bucketMs(p.getSentTimeUs());
        ProbeBucket current = open.get(p.getVm());
        if (current != null && current.startMs == bucketMs) {
            current.add(p);
            return;
        }
        if (current != null && bucketMs < current.startMs) {
            ProbeBucket late = new ProbeBucket(bucketMs);
            late.add(p);
            write(p.getVm(), late);
            return;
        }
        if (current != null) {
            write(p.getVm(), current);
        }
        ProbeBucket next = new ProbeBucket(bucketMs);
        next.add(p);
        open.put(p.getVm(), next);
    }

    /**
     * Adds a bucket's probes to what is stored for its second. A bucket in memory holds only probes not written
     * yet, and a second can be written more than once: probes come late, or after the punctuation wrote the second
     * when another input ran stream time ahead (a task waits only so long for a lagging partition).
     */
    private void write(String vm, ProbeBucket bucket) {
        ProbeBucket stored = store.fetch(vm, bucket.startMs);
        if (stored != null) {
            bucket.merge(stored);
        }
        store.put(vm, bucket, bucket.startMs);
    }

    /** Writes and forgets the buckets of VMs that went quiet, so the last second of a series is not held back. */
    private void writeSettled(long streamTimeMs) {
        for (Iterator<Map.Entry<String, ProbeBucket>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ProbeBucket> e = it.next();
            if (e.getValue().startMs + 1_000 + SETTLE_MS <= streamTimeMs) {
                write(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }
}
