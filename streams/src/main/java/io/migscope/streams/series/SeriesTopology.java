package io.migscope.streams.series;

import io.migscope.avro.LinkSample;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** The chart series, fed straight from the input streams where they are read (a topic can be a source only once). */
public final class SeriesTopology {
    private SeriesTopology() {
    }

    /** @param probes probe batches keyed by VM */
    public static void addProbeBatches(StreamsBuilder builder, KStream<String, io.migscope.avro.ProbeBatch> probes) {
        builder.addStateStore(SeriesStores.probes());
        probes.process(ProbeBatchSeries::new, Named.as("probe-series"), SeriesStores.PROBES);
    }

    /** @param links link samples keyed by host pair, as read from their topic */
    public static void addLinks(StreamsBuilder builder, KStream<String, LinkSample> links) {
        builder.addStateStore(SeriesStores.links());
        links.process(LinkSeries::new, Named.as("link-series"), SeriesStores.LINKS);
    }
}
