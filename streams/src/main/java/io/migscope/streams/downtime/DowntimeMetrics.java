package io.migscope.streams.downtime;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * What the downtime step counts rather than emits: probes outside every migration window (outages between
 * migrations still matter to whoever watches the VM). Kafka Streams metric
 * {@code migscope-downtime-probes-outside-migrations-total}.
 */
final class DowntimeMetrics {
    private final Sensor outside;

    DowntimeMetrics(StreamsMetrics metrics, String taskId) {
        outside = metrics.addRateTotalSensor("migscope-downtime", "task-" + taskId, "probes-outside-migrations",
                Sensor.RecordingLevel.INFO);
    }

    void outsideMigrations(int n) {
        // A rate-total sensor counts recordings, not values.
        for (int i = 0; i < n; i++) {
            outside.record();
        }
    }
}
