package io.migscope.streams;

import io.migscope.avro.LinkSample;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time everywhere: a migration event's own clock, a probe batch's latest send time, a guest sample's time, a
 * capture's end, the end of an iftop interval.
 * Anything else (outputs read back by later stages) keeps the record timestamp its producer set from event time.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object v = record.value();
        if (v instanceof org.apache.avro.generic.IndexedRecord r && isInput(v)
                && io.migscope.validate.Plausibility.problem(r, io.migscope.validate.Plausibility.nowUs()) != null) {
            // An absurd time (1970, 2100) must not move stream time; the record goes to the dead letters downstream.
            return Math.max(partitionTime, 0);
        }
        if (v instanceof io.migscope.avro.VmSignal s) {
            return io.migscope.streams.assign.MigrationAssigner.timeUs(s.getSignal()) / 1000;
        }
        if (v instanceof LinkSample l) {
            return l.getIntervalEndUs() / 1000;
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }

    private static boolean isInput(Object v) {
        return v instanceof io.migscope.avro.VmSignal || v instanceof LinkSample;
    }
}
