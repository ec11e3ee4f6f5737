package io.migscope.streams.series;

import io.migscope.avro.PingStatus;
import io.migscope.avro.ProbeBatch;
import io.migscope.signals.ProbeBatches;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Folds each VM's probe batches into one-second buckets for the RTT chart. A batch is about one second of probes,
 * so this is one or two store reads and writes per batch; a second that two batches share (one completed early at
 * a loss) is added to, not overwritten.
 */
public final class ProbeBatchSeries implements Processor<String, ProbeBatch, Void, Void> {
    private WindowStore<String, ProbeBucket> store;

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        store = ctx.getStateStore(SeriesStores.PROBES);
    }

    @Override
    public void process(Record<String, ProbeBatch> record) {
        String vm = record.key();
        ProbeBucket bucket = null;
        for (ProbeBatches.Cursor c = new ProbeBatches.Cursor(record.value()); c.next(); ) {
            long second = ProbeBucket.bucketMs(c.sentUs());
            if (bucket != null && bucket.startMs != second) {
                write(vm, bucket);
                bucket = null;
            }
            if (bucket == null) {
                bucket = new ProbeBucket(second);
            }
            bucket.add(c.status(), c.status() == PingStatus.REPLY ? c.rttUs() : null);
        }
        if (bucket != null) {
            write(vm, bucket);
        }
    }

    private void write(String vm, ProbeBucket bucket) {
        ProbeBucket stored = store.fetch(vm, bucket.startMs);
        if (stored != null) {
            bucket.merge(stored);
        }
        store.put(vm, bucket, bucket.startMs);
    }
}
