package io.migscope.streams.wave;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.WaveStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Each ended migration, keyed by its wave and stamped with its request time, which is what forms a batch. */
final class SummaryContributions implements Processor<String, MigrationSummary, String, WaveStatus> {
    private ProcessorContext<String, WaveStatus> context;

    @Override
    public void init(ProcessorContext<String, WaveStatus> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, MigrationSummary> record) {
        MigrationSummary s = record.value();
        if (s == null) {
            return;
        }
        Long t = s.getRequestedAtUs() != null ? s.getRequestedAtUs()
                : s.getStartedAtUs() != null ? s.getStartedAtUs() : s.getCompletedAtUs();
        // Records carry epoch microseconds; Kafka timestamps are milliseconds.
        long ts = t == null ? record.timestamp() : t / 1000;
        context.forward(new Record<>(WaveKeys.of(s.getWave(), s.getCluster()), Waves.of(s), ts, record.headers()));
    }
}
