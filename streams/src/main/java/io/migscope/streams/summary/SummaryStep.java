package io.migscope.streams.summary;

import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.state.AlertsState;
import io.migscope.avro.state.TimelineState;
import io.migscope.streams.convergence.AlertStep;
import io.migscope.streams.timeline.TimelineBuilder;
import io.migscope.streams.timeline.TimelineStep;
import java.util.List;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The summary step: a migration's final downtime report (written once its input is complete) joined with its
 * timeline, the hypervisor's facts and the alerts it raised: one {@link MigrationSummary} per migration, without
 * the bytes on the wire (the wire step adds those on the host-pair side).
 */
public final class SummaryStep {
    private SummaryStep() {
    }

    /** @param downtime every downtime report; only the final ones end a migration */
    public static KStream<String, MigrationSummary> addTo(KStream<String, DowntimeReport> downtime) {
        return downtime.filter((id, r) -> r.getFinal$(), Named.as("final-downtime"))
                .process(Summarize::new, Named.as("summarize"), TimelineStep.STORE, AlertStep.STORE);
    }

    static final class Summarize implements Processor<String, DowntimeReport, String, MigrationSummary> {
        private ProcessorContext<String, MigrationSummary> context;
        private KeyValueStore<String, TimelineState> timelines;
        private KeyValueStore<String, AlertsState> alerts;

        @Override
        public void init(ProcessorContext<String, MigrationSummary> ctx) {
            context = ctx;
            timelines = ctx.getStateStore(TimelineStep.STORE);
            alerts = ctx.getStateStore(AlertStep.STORE);
        }

        @Override
        public void process(Record<String, DowntimeReport> record) {
            TimelineState state = timelines.get(record.key());
            if (state == null) {
                // A migration is made by its first event, whose timeline is stored before anything else happens.
                throw new IllegalStateException("migration " + record.key() + " is due but has no timeline");
            }
            MigrationTimeline timeline = TimelineBuilder.fromState(state).build();
            AlertsState a = alerts.get(record.key());
            List<io.migscope.avro.AlertKind> raised = a == null ? List.of() : a.getRaised();
            MigrationSummary s = SummaryBuilder.build(timeline, TimelineBuilder.facts(state), record.value(), raised,
                    null, null);
            context.forward(new Record<>(record.key(), s, record.timestamp()));
        }
    }
}
