package io.migscope.streams.rollup;

import io.migscope.avro.MigrationSummary;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys each summary once per dimension value and stamps it with its own event time, so the tumbling windows
 * downstream place it by when the migration ended, not by when the correlator happened to emit it.
 */
public final class RollupFanOut implements Processor<String, MigrationSummary, String, MigrationSummary> {
    private ProcessorContext<String, MigrationSummary> context;

    @Override
    public void init(ProcessorContext<String, MigrationSummary> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, MigrationSummary> record) {
        MigrationSummary s = record.value();
        if (s == null) {
            return;
        }
        long ts = eventTimeMs(s, record.timestamp());
        for (Map.Entry<String, String> d : Dimensions.of(s).entrySet()) {
            context.forward(record.withKey(Dimensions.key(d.getKey(), d.getValue())).withTimestamp(ts));
        }
    }

    /** Completion time, else request time, else the record's own timestamp; microseconds to Kafka's milliseconds. */
    public static long eventTimeMs(MigrationSummary s, long recordTimestampMs) {
        if (s.getCompletedAtUs() != null) {
            return s.getCompletedAtUs() / 1_000L;
        }
        if (s.getRequestedAtUs() != null) {
            return s.getRequestedAtUs() / 1_000L;
        }
        return recordTimestampMs;
    }
}
