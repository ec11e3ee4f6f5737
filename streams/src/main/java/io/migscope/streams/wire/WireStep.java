package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.WireMigration;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.series.SeriesTopology;
import io.migscope.streams.state.StateSerdes;
import io.migscope.topics.HostPairs;
import io.migscope.topics.TopicNames;
import io.migscope.validate.Plausibility;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The wire step, on the host-pair side: iftop's bytes on the wire put into each migration's summary.
 *
 * <p>The VM side's summaries reach this sub-topology through a repartition topic keyed by host pair; link samples
 * come keyed by host pair from their own topic. Two processors share the pair's samples and summaries:
 * {@code attribute-summaries} counts the samples a new summary's transfer overlaps, {@code attribute-links} adds a
 * new sample to the summaries it overlaps. Either order gives the same sums, so the last summary written for a
 * migration is the same at any replay speed; a summary is written again whenever its bytes changed. Samples are
 * kept {@link #KEEP} of event time behind the newest one, summaries as long behind the newest summary of the pair.
 */
public final class WireStep {
    public static final String SAMPLES = "wire-link-samples";
    public static final String MIGRATIONS = "wire-migrations";
    /** How far back bytes can still be counted: the longest migration, and how far the two sides may drift apart. */
    public static final Duration KEEP = Duration.ofHours(6);

    private WireStep() {
    }

    /** @param ended the VM side's summaries, keyed by migration id */
    public static KStream<String, MigrationSummary> addTo(StreamsBuilder builder, KStream<String, MigrationSummary> ended,
                                                          TopicNames topics, TopologySerdes serdes, StateSerdes state) {
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SAMPLES, KEEP,
                Duration.ofMillis(1), false), Serdes.String(), serdes.links()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MIGRATIONS), Serdes.String(),
                state.of(WireMigration.class)).withCachingEnabled());
        KStream<String, MigrationSummary> byPair = ended
                .selectKey((id, s) -> HostPairs.key(s.getSourceHost(), s.getTargetHost()),
                        Named.as("summaries-keyed-by-host-pair"))
                .repartition(Repartitioned.<String, MigrationSummary>as("summaries-by-host-pair")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.summaries()));
        // Implausible samples (absurd times, byte counts) go to the dead letters before anything counts them.
        KStream<String, LinkSample> links = builder.stream(topics.links(),
                        Consumed.with(Serdes.String(), serdes.links()).withName("links-source"))
                .mapValues(l -> l == null ? null : Plausibility.require(l, Plausibility.nowUs()), Named.as("check-links"));
        // Each host pair's bytes per interval, for the wire-throughput chart of the HTTP API.
        SeriesTopology.addLinks(builder, links, state);
        KStream<String, MigrationSummary> fromSummaries = byPair.process(WireAttribution.OnSummary::new,
                Named.as("attribute-summaries"), SAMPLES, MIGRATIONS);
        KStream<String, MigrationSummary> fromLinks = links.process(WireAttribution.OnLink::new,
                Named.as("attribute-links"), SAMPLES, MIGRATIONS);
        KStream<String, MigrationSummary> summaries = fromSummaries.merge(fromLinks, Named.as("summaries-with-wire"));
        summaries.to(topics.summaries(), Produced.with(Serdes.String(), serdes.summaries()).withName("summaries-sink"));
        return summaries;
    }
}
