package io.migscope.streams.rollup;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Rollup;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Fleet rollups: every ended migration counts once per dimension value in each tumbling window of its completion
 * time. Each update of a window (a late summary within grace included) is re-emitted to the compacted rollups topic
 * under a stable key, so the topic always holds the latest figures of every window.
 *
 * <pre>
 *   summaries ─> rollup-fan-out (key = dimension=value, timestamp = completed_at) ─> rollup-by-dimension (repartition)
 *             ─> rollup-1m (window store) ─> rollups topic
 *             └> rollup-1h (window store) ─> rollups topic
 * </pre>
 * A summary later than a window's end plus grace is dropped by Kafka Streams' window aggregation; it is logged and
 * counted in the task metric {@code dropped-records-total}.
 */
public final class RollupTopology {
    private RollupTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, MigrationSummary> summaries, TopicNames topics,
                             TopologySerdes serdes, RollupSettings settings) {
        // One record per dimension value, placed in time by the migration's own completion.
        KGroupedStream<String, MigrationSummary> byDimension = summaries
                .process(RollupFanOut::new, Named.as("rollup-fan-out"))
                .groupByKey(Grouped.with("rollup-by-dimension", Serdes.String(), serdes.summaries()));
        for (RollupSettings.Window w : settings.windows()) {
            addWindow(byDimension, w, settings, topics, serdes);
        }
    }

    private static void addWindow(KGroupedStream<String, MigrationSummary> byDimension, RollupSettings.Window w,
                                  RollupSettings settings, TopicNames topics, TopologySerdes serdes) {
        String name = "rollup-" + w.label();
        byDimension
                // Tumbling windows that stay open for the grace period, so late summaries still count.
                .windowedBy(TimeWindows.ofSizeAndGrace(w.size(), settings.grace()))
                .aggregate(() -> RollupAccumulator.empty(w.label()), RollupAccumulator::add, Named.as(name),
                        Materialized.<String, Rollup, WindowStore<Bytes, byte[]>>as(name + "-store")
                                .withKeySerde(Serdes.String()).withValueSerde(serdes.rollups())
                                .withRetention(w.size().plus(settings.grace())))
                .toStream(Named.as(name + "-updates"))
                // Stamp the window on the record and give it a stable key for the compacted topic.
                .map((window, rollup) -> KeyValue.pair(key(w.label(), window), withWindow(rollup, window)),
                        Named.as(name + "-keyed"))
                .to(topics.rollups(), Produced.with(Serdes.String(), serdes.rollups()).withName(name + "-sink"));
    }

    /** {@code 1m@2026-11-22T04:00:00Z/cluster=prod-a}: window label, window start, dimension and value. */
    public static String key(String windowLabel, Windowed<String> window) {
        return windowLabel + "@" + Instant.ofEpochMilli(window.window().start()) + "/" + window.key();
    }

    private static Rollup withWindow(Rollup rollup, Windowed<String> window) {
        // Kafka windows are in milliseconds; records carry epoch microseconds.
        return Rollup.newBuilder(rollup).setWindowStartUs(window.window().start() * 1_000L)
                .setWindowEndUs(window.window().end() * 1_000L).build();
    }
}
