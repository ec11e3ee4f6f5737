package io.migscope.streams;

import io.migscope.streams.correlate.Correlation;
import io.migscope.streams.query.QueryViews;
import io.migscope.streams.rollup.RollupSettings;
import io.migscope.streams.rollup.RollupTopology;
import io.migscope.streams.wave.WaveSettings;
import io.migscope.streams.wave.WaveTopology;
import io.migscope.topics.TopicNames;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The whole migscope topology. The tests build exactly this topology.
 *
 * <pre>
 *   migration-events, ping-samples   (both keyed by VM, co-partitioned)
 *        -> correlate-by-vm            state per VM (probe tracker) and per migration (events, model, alerts)
 *        -> timelines, downtime, alerts, dead-letters, and ended migrations
 *   ended migrations + timelines + link-samples (all by host pair) -> attribute-links -> summaries (with wire bytes)
 *   probes (by VM), link samples (by host pair) -> series-* window stores   chart series, one point per second
 *   summaries -> rollups               tumbling windows x dimensions, DDSketch percentiles
 *   summaries + events -> waves        concurrency against limits, queue waits, pace, capacity held
 *   timelines, downtime, summaries, alerts, rollups, waves -> view-* tables   latest per key, for the HTTP API
 * </pre>
 */
public final class MigscopeTopology {
    private MigscopeTopology() {
    }

    public static Topology build(Properties streamsProps, TopicNames topics, TopologySerdes serdes,
                                 CorrelationSettings settings) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProps)));
        addAll(builder, topics, serdes, settings);
        return builder.build(streamsProps);
    }

    /** Every step: correlation, the fleet rollups and the wave view over the ended migrations, and the query views. */
    public static void addAll(StreamsBuilder builder, TopicNames topics, TopologySerdes serdes,
                              CorrelationSettings settings) {
        Correlation.Typed out = Correlation.addTo(builder, topics, serdes, settings);
        RollupTopology.addTo(builder, out.summaries(), topics, serdes, RollupSettings.from(settings.config()));
        WaveTopology.addTo(builder, out.summaries(), out.events(), topics, serdes.waves(),
                WaveSettings.from(settings.config()));
        QueryViews.addTo(builder, topics, serdes);
    }
}
