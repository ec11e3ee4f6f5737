package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.state.WireAddresses;
import io.migscope.avro.state.WireMigration;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.hosts.HostInventory;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.series.SeriesTopology;
import io.migscope.streams.state.StateSerdes;
import io.migscope.topics.TopicNames;
import io.migscope.validate.Plausibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The wire step: iftop's bytes on the wire put into each migration's summary, through the hosts' addresses.
 *
 * <p>iftop ({@code -n}) reports addresses; platforms name hosts. The two meet at an endpoint ({@link WireEndpoints}):
 * a host's name where the static inventory ({@code hosts.NAME.addresses}, a run's {@code hosts:}) or the measuring
 * host claims the address, or else the address itself. The VM side puts the address facts a migration's own events
 * carried (a QMP migrate URI, the destination's listening socket, KubeVirt's targetNodeAddress and ports) into its
 * summary ({@link AddressFacts}); the summary then goes, through the repartition topic {@code summaries-by-host-pair},
 * to the endpoint of its target, and as a marker to that of its source. Link samples go, through
 * {@code wire-links-by-endpoint}, to each endpoint of theirs. There two processors share the endpoint's samples
 * and migrations: {@code attribute-summaries} counts the samples a new summary's transfer overlaps and matches,
 * {@code attribute-links} adds a new sample to the migrations it matches. Either order gives the same sums, so the
 * last summary written for a migration is the same at any replay speed; a summary is written again whenever its
 * bytes changed. Both repartition topics get {@code topics.partitions} partitions, so they are co-partitioned
 * whatever the input topics have. Samples are kept {@link #KEEP} of event time behind the newest one, migrations as
 * long behind the newest migration of the endpoint.
 */
public final class WireStep {
    public static final String SAMPLES = "wire-link-samples";
    public static final String MIGRATIONS = "wire-migrations";
    public static final String ADDRESSES = "wire-addresses";
    /** How far back bytes can still be counted: the longest migration, and how far the two sides may drift apart. */
    public static final Duration KEEP = Duration.ofHours(6);

    private WireStep() {
    }

    /**
     * The wire step without the VM side's events (their address facts) and with the default configuration (no host
     * inventory): the step alone, as its tests build it.
     */
    public static KStream<String, MigrationSummary> addTo(StreamsBuilder builder, KStream<String, MigrationSummary> ended,
                                                          TopicNames topics, TopologySerdes serdes, StateSerdes state) {
        return addTo(builder, ended, null, topics, serdes, state, MigscopeConfig.defaults());
    }

    /**
     * @param ended  the VM side's summaries, keyed by migration id
     * @param events the VM side's events, keyed by migration id; null: no address facts from them
     */
    public static KStream<String, MigrationSummary> addTo(StreamsBuilder builder, KStream<String, MigrationSummary> ended,
                                                          KStream<String, MigrationEvent> events, TopicNames topics,
                                                          TopologySerdes serdes, StateSerdes state, MigscopeConfig config) {
        HostInventory inventory = HostInventory.from(config);
        WireEndpoints endpoints = new WireEndpoints(inventory);
        int partitions = config.getInt(Keys.TOPICS_PARTITIONS);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ADDRESSES), Serdes.String(),
                state.of(WireAddresses.class)).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SAMPLES, KEEP,
                Duration.ofMillis(1), false), Serdes.String(), serdes.links()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MIGRATIONS), Serdes.String(),
                state.of(WireMigration.class)).withCachingEnabled());
        // The VM side: each migration's address facts, in its own events' order, into its summary.
        if (events != null) {
            events.process(AddressFacts.Collect::new, Named.as("collect-addresses"), ADDRESSES);
        }
        KStream<String, MigrationSummary> byEndpoint = ended
                .process(AddressFacts.Attach::new, Named.as("attach-addresses"), ADDRESSES)
                // Counted at its target's endpoint; marked at its source's, so a migration the other way knows.
                .flatMap((id, s) -> {
                    List<KeyValue<String, MigrationSummary>> out = new ArrayList<>();
                    out.add(KeyValue.pair(endpoints.targetOf(s), s));
                    String marker = endpoints.markerOf(s);
                    if (marker != null) {
                        out.add(KeyValue.pair(marker, s));
                    }
                    return out;
                }, Named.as("summaries-keyed-by-endpoint"))
                .repartition(Repartitioned.<String, MigrationSummary>as("summaries-by-host-pair")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.summaries())
                        .withNumberOfPartitions(partitions));
        // Implausible samples (absurd times, byte counts) go to the dead letters before anything counts them.
        KStream<String, LinkSample> links = builder.stream(topics.links(),
                        Consumed.with(Serdes.String(), serdes.links()).withName("links-source"))
                .mapValues(l -> l == null ? null : Plausibility.require(l, Plausibility.nowUs()), Named.as("check-links"));
        // Each host pair's bytes per interval, for the wire-throughput chart of the HTTP API (keyed as published).
        SeriesTopology.addLinks(builder, links, state);
        KStream<String, LinkSample> linksByEndpoint = links
                .flatMap((pair, l) -> l == null ? List.<KeyValue<String, LinkSample>>of()
                                : endpoints.of(l).stream().map(e -> KeyValue.pair(e, l)).toList(),
                        Named.as("links-keyed-by-endpoint"))
                .repartition(Repartitioned.<String, LinkSample>as("wire-links-by-endpoint")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.links())
                        .withNumberOfPartitions(partitions));
        KStream<String, MigrationSummary> fromSummaries = byEndpoint.process(
                () -> new WireAttribution.OnSummary(inventory), Named.as("attribute-summaries"), SAMPLES, MIGRATIONS);
        KStream<String, MigrationSummary> fromLinks = linksByEndpoint.process(
                () -> new WireAttribution.OnLink(inventory), Named.as("attribute-links"), SAMPLES, MIGRATIONS);
        KStream<String, MigrationSummary> summaries = fromSummaries.merge(fromLinks, Named.as("summaries-with-wire"));
        summaries.to(topics.summaries(), Produced.with(Serdes.String(), serdes.summaries()).withName("summaries-sink"));
        return summaries;
    }
}
