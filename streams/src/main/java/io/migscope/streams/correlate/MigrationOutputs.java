package io.migscope.streams.correlate;

import io.migscope.avro.Alert;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.streams.convergence.Assessment;
import io.migscope.streams.downtime.BlackoutTracker;
import io.migscope.streams.summary.SummaryBuilder;
import io.migscope.streams.timeline.TimelineFacts;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** What the correlator emits for a migration: its timeline, downtime reports, alerts and, at the end, the summary. */
final class MigrationOutputs {
    private final ProcessorContext<String, SpecificRecord> context;
    private final long recoveryUs;

    MigrationOutputs(ProcessorContext<String, SpecificRecord> context, long recoveryUs) {
        this.context = context;
        this.recoveryUs = recoveryUs;
    }

    /** A new event changed the migration: timeline, convergence alerts, and downtime once the outcome is known. */
    void onChange(String id, MigrationState m, MigrationTimeline timeline, Assessment assessment,
                  BlackoutTracker tracker, long timestampMs) {
        context.forward(new Record<>(id, (SpecificRecord) timeline, timestampMs));
        long nowUs = timeline.getUpdatedUs();
        m.alerts.onActivity(nowUs);
        if (assessment != null) {
            alerts(m.alerts.onAssessment(assessment), timestampMs);
        }
        if (timeline.getFinal$()) {
            alerts(m.alerts.onFinished(nowUs, timeline.getOutcome()), timestampMs);
        }
        if (tracker != null) {
            downtime(id, m, timeline, tracker, timestampMs, false);
        }
    }

    /** A probe changed the VM's blackouts during the migration. */
    void downtime(String id, MigrationState m, MigrationTimeline timeline, BlackoutTracker tracker, long timestampMs,
                  boolean fin) {
        DowntimeReport report = report(id, m, timeline, tracker, fin);
        context.forward(new Record<>(id, (SpecificRecord) report, timestampMs));
        alerts(m.alerts.onDowntime(report, timestampMs * 1000), timestampMs);
    }

    /** Stream time moved on: STUCK and DEADLINE_PASSED. Returns whether the migration's state changed. */
    boolean onTime(MigrationState m, long streamTimeMs) {
        m.alerts.takeChanged();
        alerts(m.alerts.onTime(streamTimeMs * 1000), streamTimeMs);
        return m.alerts.takeChanged();
    }

    /** The recovery window has passed: final downtime and the summary. */
    void close(String id, MigrationState m, BlackoutTracker tracker, long streamTimeMs) {
        MigrationTimeline timeline = m.timeline.build();
        DowntimeReport report = tracker == null ? null : report(id, m, timeline, tracker, true);
        if (report != null) {
            context.forward(new Record<>(id, (SpecificRecord) report, streamTimeMs));
            alerts(m.alerts.onDowntime(report, streamTimeMs * 1000), streamTimeMs);
        }
        MigrationSummary summary = SummaryBuilder.build(timeline, m.timeline.facts(), report, m.alerts.raised(),
                null, null);
        context.forward(new Record<>(id, (SpecificRecord) summary, streamTimeMs));
    }

    private DowntimeReport report(String id, MigrationState m, MigrationTimeline timeline, BlackoutTracker tracker,
                                  boolean fin) {
        TimelineFacts facts = m.timeline.facts();
        long start = timeline.getPhases().isEmpty() ? timeline.getUpdatedUs() : timeline.getPhases().get(0).getStartUs();
        long until = timeline.getFinal$() ? MigrationCorrelator.endUs(timeline) + recoveryUs : Long.MAX_VALUE;
        return tracker.report(id, m.vm, facts.reportedDowntimeMs(), facts.reportedSource(), fin, start, until);
    }

    private void alerts(List<Alert> alerts, long timestampMs) {
        for (Alert a : alerts) {
            context.forward(new Record<>(a.getAlertId(), (SpecificRecord) a, timestampMs));
        }
    }
}
