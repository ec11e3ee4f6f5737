package io.migscope.streams;

import io.migscope.avro.MigrationSummary;
import io.migscope.streams.correlate.Correlation;
import io.migscope.topics.TopicNames;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The whole migscope topology: migration events and ping samples, co-partitioned by VM, are correlated into
 * per-migration timelines, downtime reports, alerts and summaries. The tests build exactly this topology.
 *
 * <pre>
 *   migration-events ─┐                      ┌─> timelines   (latest per migration)
 *                     ├─> correlate-by-vm ───┼─> downtime    (blackouts, reported downtime, brownout)
 *   ping-samples ─────┘   (state per VM and  ├─> alerts      (FIRING / RESOLVED)
 *                          per migration)    ├─> summaries   (one per ended migration)
 *                                            └─> dead-letters (late or unusable records)
 * </pre>
 */
public final class MigscopeTopology {
    private MigscopeTopology() {
    }

    public static Topology build(Properties streamsProps, TopicNames topics, TopologySerdes serdes,
                                 CorrelationSettings settings) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProps)));
        addTo(builder, topics, serdes, settings);
        return builder.build(streamsProps);
    }

    /** Adds every step to {@code builder}; returns the summaries stream for steps that build on it. */
    public static KStream<String, MigrationSummary> addTo(StreamsBuilder builder, TopicNames topics,
                                                          TopologySerdes serdes, CorrelationSettings settings) {
        Correlation.Typed out = Correlation.addTo(builder, topics, serdes, settings);
        return out.summaries();
    }
}
