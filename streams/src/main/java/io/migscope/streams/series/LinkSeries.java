package io.migscope.streams.series;

import io.migscope.avro.LinkSample;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Sums each host pair's link samples per iftop interval for the wire-throughput chart: every flow and both
 * directions, stored at the interval's end. One read and at most one write per link sample (iftop reports every
 * 2 s); a sample delivered again changes nothing.
 */
public final class LinkSeries implements Processor<String, LinkSample, Void, Void> {
    private WindowStore<String, LinkBucket> store;

    @Override
    public void init(ProcessorContext<Void, Void> ctx) {
        store = ctx.getStateStore(SeriesStores.LINKS);
    }

    @Override
    public void process(Record<String, LinkSample> record) {
        LinkSample l = record.value();
        if (l == null || record.key() == null) {
            return;
        }
        long atMs = Math.floorDiv(l.getIntervalEndUs(), 1_000L);
        LinkBucket bucket = store.fetch(record.key(), atMs);
        if (bucket == null || bucket.intervalStartUs() != l.getIntervalStartUs()) {
            bucket = new LinkBucket(l.getIntervalStartUs(), l.getIntervalEndUs());
        }
        if (bucket.add(l)) {
            store.put(record.key(), bucket, atMs);
        }
    }
}
