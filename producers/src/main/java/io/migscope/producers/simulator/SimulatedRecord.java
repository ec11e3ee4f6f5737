package io.migscope.producers.simulator;

import org.apache.avro.specific.SpecificRecord;

/**
 * One generated record: the topic it belongs on, its key (the VM for events and pings, "src->dst" for links),
 * its event time in epoch microseconds, and the Avro value (MigrationEvent, PingSample, LinkSample or GuestSample).
 */
public record SimulatedRecord(TopicKind topicKind, String key, long timestampUs, SpecificRecord value) {
}
