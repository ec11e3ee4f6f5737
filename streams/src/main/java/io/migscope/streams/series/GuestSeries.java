package io.migscope.streams.series;

import io.migscope.avro.GuestSample;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Folds each VM's guest samples into one-second buckets for the guest chart of the per-migration page: one store
 * read and at most one write per sample (a guest at rest reports two or three a second); a sample delivered again
 * changes nothing.
 */
public final class GuestSeries implements Processor<String, GuestSample, Void, Void> {
    private WindowStore<String, GuestBucket> store;

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        store = ctx.getStateStore(SeriesStores.GUEST);
    }

    @Override
    public void process(Record<String, GuestSample> record) {
        GuestSample g = record.value();
        long second = ProbeBucket.bucketMs(g.getSampleTimeUs());
        GuestBucket bucket = store.fetch(record.key(), second);
        if (bucket == null) {
            bucket = new GuestBucket(second);
        }
        if (bucket.add(g.getSampleTimeUs(), g.getMsPerGb())) {
            store.put(record.key(), bucket, second);
        }
    }
}
