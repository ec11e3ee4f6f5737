package io.migscope.streams.assign;

import io.migscope.avro.JobOperation;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * What assign-migrations counts rather than emits: late records (also dead-lettered) and hypervisor jobs that are
 * not migrations, by operation. Kafka Streams metrics {@code migscope-assign-*-total}.
 */
final class AssignMetrics {
    private static final String SCOPE = "migscope-assign";
    private final StreamsMetrics metrics;
    private final String taskId;
    private final Sensor late;
    private final Map<JobOperation, Sensor> jobs = new EnumMap<>(JobOperation.class);

    AssignMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.taskId = taskId;
        this.late = metrics.addRateTotalSensor(SCOPE, "task-" + taskId, "late-records", Sensor.RecordingLevel.INFO);
    }

    void late() {
        late.record();
    }

    void job(JobOperation op) {
        jobs.computeIfAbsent(op, o -> metrics.addRateTotalSensor(SCOPE, "task-" + taskId,
                "jobs-" + o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                Sensor.RecordingLevel.INFO)).record();
    }
}
