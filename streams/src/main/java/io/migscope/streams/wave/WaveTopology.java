package io.migscope.streams.wave;

import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.WaveStatus;
import io.migscope.streams.state.StateSerdes;
import io.migscope.topics.TopicNames;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;

/**
 * The wave view: per wave, how long it took, how many were in flight against the limits, how long VMs queued, and
 * which VMs held a slot while only one disk still transferred. Written to the compacted waves topic by wave id.
 *
 * <pre>
 *   summaries ──> wave-from-summaries ─┐                   ┌─ labelled: wave-by-label ─> wave-label-store ───┐
 *   events ─────> wave-disk-stragglers ┴> wave-contributions ┤                                                ├─> waves
 *   (optional, per-disk progress)                          └─ batch: wave-by-cluster ─> wave-batch-store ────┘
 *                                                             (session windows over request time)
 * </pre>
 */
public final class WaveTopology {
    private WaveTopology() {
    }

    /**
     * @param events migration events keyed by VM, for per-disk progress; null when not available (the
     *               capacity-held flag then stays empty)
     * @param state  the serdes of state values (the capacity-held check keeps one per VM)
     * @return the wave statuses as written to the waves topic (null values are tombstones of merged batches)
     */
    public static KStream<String, WaveStatus> addTo(StreamsBuilder builder, KStream<String, MigrationSummary> summaries,
                                                    KStream<String, MigrationEvent> events, TopicNames topics,
                                                    Serde<WaveStatus> serde, StateSerdes state,
                                                    WaveSettings settings) {
        KStream<String, WaveStatus> contributions = summaries
                .process(SummaryContributions::new, Named.as("wave-from-summaries"));
        if (events != null) {
            builder.addStateStore(DiskStragglers.store(state));
            KStream<String, WaveStatus> held = events
                    .process(() -> new DiskStragglers(settings), Named.as("wave-disk-stragglers"), DiskStragglers.STORE);
            contributions = contributions.merge(held, Named.as("wave-contributions"));
        }
        Map<String, KStream<String, WaveStatus>> kinds = contributions.split(Named.as("wave-"))
                .branch((k, v) -> WaveKeys.labelled(k), Branched.as("labelled"))
                .defaultBranch(Branched.as("batch"));
        KStream<String, WaveStatus> labelled = labelled(kinds.get("wave-labelled"), serde, settings);
        KStream<String, WaveStatus> batches = batches(kinds.get("wave-batch"), serde, settings);
        KStream<String, WaveStatus> statuses = labelled.merge(batches, Named.as("wave-statuses"));
        statuses.to(topics.waves(), Produced.with(Serdes.String(), serde).withName("waves-sink"));
        return statuses;
    }

    /** A labelled wave is everything with its label, however spread out in time. */
    private static KStream<String, WaveStatus> labelled(KStream<String, WaveStatus> in, Serde<WaveStatus> serde,
                                                        WaveSettings settings) {
        return in.groupByKey(Grouped.with("wave-by-label", Serdes.String(), serde))
                .aggregate(Waves::empty, (k, v, agg) -> Waves.merge(agg, v, settings.maxMembers()),
                        Named.as("wave-label-aggregate"),
                        Materialized.<String, WaveStatus, KeyValueStore<Bytes, byte[]>>as("wave-label-store")
                                .withKeySerde(Serdes.String()).withValueSerde(serde))
                .toStream(Named.as("wave-label-updates"))
                .map((k, v) -> KeyValue.pair(WaveKeys.name(k), WaveFigures.derive(v, WaveKeys.name(k), settings)),
                        Named.as("wave-label-figures"));
    }

    /**
     * An unlabelled batch is a session of one cluster's requests with no pause longer than the batch gap. Its id is
     * the cluster and its first request; when a late request extends a batch backwards, the old id is tombstoned.
     */
    private static KStream<String, WaveStatus> batches(KStream<String, WaveStatus> in, Serde<WaveStatus> serde,
                                                       WaveSettings settings) {
        return in.groupByKey(Grouped.with("wave-by-cluster", Serdes.String(), serde))
                .windowedBy(SessionWindows.ofInactivityGapAndGrace(settings.batchGap(), settings.batchLateness()))
                .aggregate(Waves::empty, (k, v, agg) -> Waves.merge(agg, v, settings.maxMembers()),
                        (k, a, b) -> Waves.merge(a, b, settings.maxMembers()), Named.as("wave-batch-aggregate"),
                        Materialized.<String, WaveStatus, SessionStore<Bytes, byte[]>>as("wave-batch-store")
                                .withKeySerde(Serdes.String()).withValueSerde(serde))
                .toStream(Named.as("wave-batch-updates"))
                .map((w, v) -> KeyValue.pair(batchId(w), v == null ? null : WaveFigures.derive(v, batchId(w), settings)),
                        Named.as("wave-batch-figures"));
    }

    /** {@code prod-a@2026-11-22T04:00:00Z}: the cluster and the batch's first request. */
    public static String batchId(Windowed<String> session) {
        return WaveKeys.name(session.key()) + "@" + Instant.ofEpochMilli(session.window().start());
    }
}
