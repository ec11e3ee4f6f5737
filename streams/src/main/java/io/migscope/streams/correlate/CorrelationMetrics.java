package io.migscope.streams.correlate;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * What the correlator counts rather than emits: probes that belong to no migration (kept per VM, since outages
 * outside migrations matter too), duplicates that changed nothing, and late records (also dead-lettered).
 * Exposed as Kafka Streams metrics {@code migscope-correlation-*-total} in group {@code stream-processor-node-metrics}.
 */
final class CorrelationMetrics {
    private static final String SCOPE = "migscope-correlation";
    private final Sensor outsideMigrations;
    private final Sensor duplicates;
    private final Sensor late;

    CorrelationMetrics(StreamsMetrics metrics, String taskId) {
        outsideMigrations = sensor(metrics, taskId, "probes-outside-migrations");
        duplicates = sensor(metrics, taskId, "duplicate-events");
        late = sensor(metrics, taskId, "late-records");
    }

    private static Sensor sensor(StreamsMetrics metrics, String taskId, String operation) {
        return metrics.addRateTotalSensor(SCOPE, "task-" + taskId, operation, Sensor.RecordingLevel.INFO);
    }

    void probeOutsideMigrations() {
        outsideMigrations.record();
    }

    void duplicateEvent() {
        duplicates.record();
    }

    void lateRecord() {
        late.record();
    }
}
