package io.migscope.sink;

import io.migscope.avro.Alert;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Rollup;
import io.migscope.avro.WaveStatus;
import org.apache.kafka.common.serialization.Deserializer;

/** One value deserializer per input topic of the sink (the registry-backed Avro ones in production). */
public record SinkDeserializers(
        Deserializer<MigrationSummary> summaries,
        Deserializer<MigrationTimeline> timelines,
        Deserializer<DowntimeReport> downtime,
        Deserializer<Rollup> rollups,
        Deserializer<Alert> alerts,
        Deserializer<WaveStatus> waves) {
}
