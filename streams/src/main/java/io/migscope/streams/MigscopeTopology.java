package io.migscope.streams;

import io.migscope.avro.Alert;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.streams.assign.Assignment;
import io.migscope.streams.convergence.AlertInput;
import io.migscope.streams.convergence.AlertStep;
import io.migscope.streams.convergence.ConvergenceStep;
import io.migscope.streams.downtime.DowntimeStep;
import io.migscope.streams.series.SeriesTopology;
import io.migscope.streams.summary.SummaryStep;
import io.migscope.streams.timeline.TimelineStep;
import io.migscope.streams.wire.WireStep;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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
 * The whole migscope topology, every step at one level. The tests build exactly this topology.
 *
 * <pre>
 *   vm-signals (a VM's events, probe batches, guest samples and capture ends, keyed by VM: one order per VM)
 *     check-signals -> assign-migrations     which migration each event belongs to; when each is due; ticks
 *       events   -> assess-convergence      -> alert inputs (activity, NON_CONVERGING evaluations)
 *                -> build-timelines         -> timelines (on change)
 *       probes   -> track-downtime          -> downtime reports (on change)      per-VM trackers, per-migration windows
 *       guests   -> track-guest             -> downtime reports (on change)      the guest's baseline and slowest GiB
 *       timelines-> downtime-windows        -> downtime reports (window, reported downtime)
 *       due      -> finish-downtime         -> final downtime report
 *       alert inputs (+ downtime, final timelines, ticks) -> raise-alerts -> alerts (on transitions)
 *       final downtime report -> summarize  -> summary (without wire bytes); forget-* drop the migration's state
 *       probes   -> probe-series            chart series, one point per VM per second
 *       guests   -> guest-series            chart series of the guest's ms per GiB, one point per VM per second
 *       events   -> collect-addresses       a migration's address facts (QMP URIs, KubeVirt targetNodeAddress)
 *   summaries (+ their facts) -> repartition by endpoint (target; source as a marker) ┐
 *   link-samples (keyed by host pair) -> repartition by endpoint (each end) ───────────┴> attribute-summaries /
 *                                        attribute-links -> summaries (with wire bytes)
 *   summaries -> rollups               tumbling windows x dimensions, DDSketch percentiles
 *   summaries + events -> waves        concurrency against limits, queue waits, pace, capacity held
 *   timelines, downtime, summaries, alerts, rollups, waves -> view-* tables   latest per key, for the HTTP API
 * </pre>
 * Sub-topologies meet only through topics: the host-pair side reads the summaries from a repartition topic, and
 * nothing merges a stream of one sub-topology into another.
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

    /**
     * Every step, in the order records flow through them. Within a task a record goes depth-first through the
     * steps after it, in the order they are added here: the convergence step sees an event before the timeline
     * step, and a migration's final downtime report reaches the alerts before the summary is made.
     */
    public static void addAll(StreamsBuilder builder, TopicNames topics, TopologySerdes serdes,
                                CorrelationSettings settings) {
        // The VM side: a VM's events, probe batches and capture ends, in partition order.
        Assignment.Streams in = Assignment.addTo(builder, topics, serdes, settings);
        KStream<String, AlertInput> activity = ConvergenceStep.addTo(builder, in.events(), settings, serdes.state());
        KStream<String, MigrationTimeline> timelines = TimelineStep.addTo(builder, in.events(), serdes.state());
        KStream<String, DowntimeReport> downtime = DowntimeStep.addTo(builder, in.probes(), in.guests(), timelines,
                in.due(), settings, serdes.state());
        KStream<String, AlertInput> alertInputs = activity
                .merge(timelines.filter((id, t) -> t.getFinal$(), Named.as("final-timelines"))
                        .mapValues(t -> (AlertInput) new AlertInput.Finished(t.getVm(), t.getCluster(),
                                t.getUpdatedUs(), t.getOutcome()), Named.as("as-finished")), Named.as("alerts-finished"))
                .merge(downtime.mapValues((id, r) -> (AlertInput) new AlertInput.Downtime(r), Named.as("as-downtime")),
                        Named.as("alerts-downtime"))
                .merge(in.ticks().mapValues(t -> (AlertInput) new AlertInput.Tick(t), Named.as("as-tick-input")),
                        Named.as("alerts-ticks"));
        KStream<String, Alert> alerts = AlertStep.addTo(builder, alertInputs, settings, serdes.state());
        KStream<String, MigrationSummary> ended = SummaryStep.addTo(downtime);
        TimelineStep.forgetSummarised(ended);
        ConvergenceStep.forgetSummarised(ended);
        AlertStep.forgetSummarised(ended);
        SeriesTopology.addProbeBatches(builder, in.probes(), serdes.state());
        SeriesTopology.addGuestSamples(builder, in.guests(), serdes.state());
        timelines.to(topics.timelines(), Produced.with(Serdes.String(), serdes.timelines()).withName("timelines-sink"));
        downtime.to(topics.downtime(), Produced.with(Serdes.String(), serdes.downtime()).withName("downtime-sink"));
        alerts.to(topics.alerts(), Produced.with(Serdes.String(), serdes.alerts()).withName("alerts-sink"));
        // The host-pair side: bytes on the wire, met through a topic.
        WireStep.addTo(builder, ended, in.events(), topics, serdes, serdes.state(), settings.config());
        // The fleet: rollups and waves over the ended migrations, each behind its own repartition topic.
        RollupTopology.addTo(builder, ended, topics, serdes, RollupSettings.from(settings.config()));
        WaveTopology.addTo(builder, ended, in.events(), topics, serdes.waves(), serdes.state(),
                WaveSettings.from(settings.config()));
        QueryViews.addTo(builder, topics, serdes);
    }
}
