package io.migscope.streams.correlate;

import io.migscope.avro.Alert;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.series.SeriesTopology;
import io.migscope.topics.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import io.migscope.streams.wire.LinkAttributor;
import io.migscope.validate.Plausibility;

/** The correlation step of the topology: one processor over events and probes, and one sink per output. */
public final class Correlation {
    private Correlation() {
    }

    /** The typed output streams, already written to their topics. */
    public record Typed(KStream<String, MigrationEvent> events, KStream<String, MigrationTimeline> timelines, KStream<String, DowntimeReport> downtime,
                          KStream<String, Alert> alerts, KStream<String, MigrationSummary> summaries,
                          KStream<String, DeadLetter> deadLetters) {
    }

    public static Typed addTo(StreamsBuilder builder, TopicNames topics, TopologySerdes serdes,
                                CorrelationSettings settings) {
        builder.addStateStore(Stores.migrations(settings));
        builder.addStateStore(Stores.probes(settings));
        builder.addStateStore(Stores.vmMigrations(settings));
        builder.addStateStore(Stores.closed());

        // Events and probes are both keyed by VM on equally partitioned topics: one source, no shuffle.
        // A record with an absurd value (written by some other producer) fails here and goes to the dead letters.
        KStream<String, SpecificRecord> inputs = builder.stream(List.of(topics.events(), topics.pings()),
                Consumed.with(Serdes.String(), serdes.inputs()).withName("vm-inputs"))
                .mapValues(v -> v == null ? null : Plausibility.require(v, Plausibility.nowUs()),
                        Named.as("check-vm-inputs"));

        // Tie each record to its migration and emit what changed.
        KStream<String, SpecificRecord> results = inputs.process(
                () -> new MigrationCorrelator(settings, serdes::rawBytes), Named.as("correlate-by-vm"),
                Stores.MIGRATIONS, Stores.PROBES, Stores.VM_MIGRATIONS, Stores.CLOSED);
        // Each VM's probes, one point per second, for the RTT chart of the HTTP API.
        SeriesTopology.addProbes(builder, inputs);

        // One branch per output record type.
        Map<String, KStream<String, SpecificRecord>> byType = results.split(Named.as("output-"))
                .branch((k, v) -> v instanceof MigrationTimeline, Branched.as(Outputs.TIMELINES))
                .branch((k, v) -> v instanceof DowntimeReport, Branched.as(Outputs.DOWNTIME))
                .branch((k, v) -> v instanceof Alert, Branched.as(Outputs.ALERTS))
                .branch((k, v) -> v instanceof MigrationSummary, Branched.as(Outputs.SUMMARIES))
                .branch((k, v) -> v instanceof DeadLetter, Branched.as(Outputs.DEAD_LETTERS))
                .noDefaultBranch();
        Typed typed = new Typed(
                inputs.filter((vm, v) -> v instanceof MigrationEvent, Named.as("events-only"))
                        .mapValues(v -> (MigrationEvent) v, Named.as("as-event")),
                write(byType, Outputs.TIMELINES, topics.timelines(), serdes.timelines()),
                write(byType, Outputs.DOWNTIME, topics.downtime(), serdes.downtime()),
                write(byType, Outputs.ALERTS, topics.alerts(), serdes.alerts()),
                null,
                write(byType, Outputs.DEAD_LETTERS, topics.deadLetters(), serdes.deadLetters()));
        KStream<String, MigrationSummary> ended = byType.get("output-" + Outputs.SUMMARIES)
                .mapValues(v -> (MigrationSummary) v, Named.as("as-" + Outputs.SUMMARIES));
        KStream<String, MigrationSummary> summaries = addWireBytes(builder, typed.timelines(), ended, topics, serdes);
        summaries.to(topics.summaries(), Produced.with(Serdes.String(), serdes.summaries()).withName("summaries-sink"));
        return new Typed(typed.events(), typed.timelines(), typed.downtime(), typed.alerts(), summaries,
                typed.deadLetters());
    }

    /**
     * iftop counts bytes per host pair: the link samples, the timelines (who transferred between the hosts, when)
     * and the summaries meet keyed by host pair, and each summary leaves with its bytes on the wire.
     */
    private static KStream<String, MigrationSummary> addWireBytes(StreamsBuilder builder,
            KStream<String, MigrationTimeline> timelines, KStream<String, MigrationSummary> ended, TopicNames topics,
            TopologySerdes serdes) {
        builder.addStateStore(LinkAttributor.store());
        builder.addStateStore(LinkAttributor.samplesStore());
        KStream<String, SpecificRecord> timelinesByPair = timelines
                .flatMap((id, t) -> LinkAttributor.pairKeys(t).stream().map(k -> KeyValue.pair(k, t)).toList(),
                        Named.as("timelines-keyed-by-host-pair"))
                .repartition(Repartitioned.<String, MigrationTimeline>as("timelines-by-host-pair")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.timelines()))
                .mapValues(t -> (SpecificRecord) t, Named.as("timeline-as-record"));
        KStream<String, SpecificRecord> summariesByPair = ended
                .selectKey((id, s) -> LinkAttributor.summaryKey(s), Named.as("summaries-keyed-by-host-pair"))
                .repartition(Repartitioned.<String, MigrationSummary>as("summaries-by-host-pair")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.summaries()))
                .mapValues(s -> (SpecificRecord) s, Named.as("summary-as-record"));
        // Link samples come keyed by host pair straight from their topic, so they are merged in event time with the
        // timelines and summaries: every sample of a migration is in the store before its summary.
        // Implausible samples (absurd times, byte counts) go to the dead letters before anything counts them.
        KStream<String, LinkSample> links = builder.stream(topics.links(),
                        Consumed.with(Serdes.String(), serdes.links()).withName("links-source"))
                .mapValues(l -> l == null ? null : Plausibility.require(l, Plausibility.nowUs()), Named.as("check-links"));
        // Each host pair's bytes per interval, for the wire-throughput chart of the HTTP API.
        SeriesTopology.addLinks(builder, links);
        return links.mapValues(l -> (SpecificRecord) l, Named.as("link-as-record"))
                .merge(timelinesByPair, Named.as("host-pair-timelines"))
                .merge(summariesByPair, Named.as("host-pair-inputs"))
                .process(LinkAttributor::new, Named.as("attribute-links"), LinkAttributor.STORE, LinkAttributor.SAMPLES);
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> KStream<String, V> write(Map<String, KStream<String, SpecificRecord>> byType,
                                                                      String branch, String topic, Serde<V> serde) {
        KStream<String, V> typed = byType.get("output-" + branch)
                .mapValues(v -> (V) v, Named.as("as-" + branch));
        typed.to(topic, Produced.with(Serdes.String(), serde).withName(branch + "-sink"));
        return typed;
    }
}
