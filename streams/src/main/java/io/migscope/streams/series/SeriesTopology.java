package io.migscope.streams.series;

import io.migscope.avro.LinkSample;
import io.migscope.avro.ProbeBatch;
import io.migscope.streams.state.StateSerdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** The chart series, fed straight from the input streams where they are read (a topic can be a source only once). */
public final class SeriesTopology {
    private SeriesTopology() {
    }

    /** @param probes probe batches keyed by VM */
    public static void addProbeBatches(StreamsBuilder builder, KStream<String, ProbeBatch> probes, StateSerdes state) {
        builder.addStateStore(SeriesStores.probes(state));
        probes.process(ProbeBatchSeries::new, Named.as("probe-series"), SeriesStores.PROBES);
    }

    /** @param guests guest samples keyed by VM */
    public static void addGuestSamples(StreamsBuilder builder, KStream<String, io.migscope.avro.GuestSample> guests,
                                       StateSerdes state) {
        builder.addStateStore(SeriesStores.guest(state));
        guests.process(GuestSeries::new, Named.as("guest-series"), SeriesStores.GUEST);
    }

    /** @param links link samples keyed by host pair, as read from their topic */
    public static void addLinks(StreamsBuilder builder, KStream<String, LinkSample> links, StateSerdes state) {
        builder.addStateStore(SeriesStores.links(state));
        links.process(LinkSeries::new, Named.as("link-series"), SeriesStores.LINKS);
    }
}
