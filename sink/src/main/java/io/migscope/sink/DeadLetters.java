package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import java.sql.SQLException;

/** Builds the DeadLetter for a record the sink could not use. */
public final class DeadLetters {
    static final String STAGE_SINK = "sink";
    static final String STAGE_DESERIALIZE = "deserialize";

    private DeadLetters() {
    }

    /** A record the database refused (SQLState class 22 or 23). */
    public static DeadLetter rejected(SinkRecord record, SQLException error) {
        return build(record.topic(), record.partition(), record.offset(), record.key(), record.raw(), STAGE_SINK,
                SqlErrors.describe(error),
                "a " + record.value().getSchema().getName()
                        + " within the table's constraints (no negative durations, bytes or counts)",
                error.getClass().getName());
    }

    /** A record whose bytes could not be turned into the topic's Avro type. */
    public static DeadLetter undecodable(String topic, int partition, long offset, byte[] key, byte[] raw,
            String expectedType, RuntimeException error) {
        return build(topic, partition, offset, key, raw, STAGE_DESERIALIZE, String.valueOf(error.getMessage()),
                "a " + expectedType + " in the Confluent wire format", error.getClass().getName());
    }

    private static DeadLetter build(String topic, int partition, long offset, byte[] key, byte[] raw, String stage,
            String reason, String expected, String errorClass) {
        return io.migscope.deadletter.DeadLetters.fromTopic(topic, partition, offset, stage, reason, expected,
                errorClass, key, raw);
    }
}
