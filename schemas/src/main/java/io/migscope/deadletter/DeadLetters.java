package io.migscope.deadletter;

import io.migscope.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds {@link DeadLetter} records: where the input came from, what was wrong, what was expected, and its raw bytes. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** A record read from a topic. */
    public static DeadLetter fromTopic(String topic, int partition, long offset, String stage, String reason,
                                       String expected, String errorClass, byte[] key, byte[] raw) {
        return DeadLetter.newBuilder()
                .setOrigin(topic).setPartition(partition).setOffset(offset)
                .setStage(stage).setReason(reason).setExpected(expected).setErrorClass(errorClass)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setTimeUs(nowUs()).build();
    }

    /** A line read from a file or a live tool. */
    public static DeadLetter fromLine(String origin, long line, String reason, String expected, String rawText) {
        return DeadLetter.newBuilder()
                .setOrigin(origin).setLine(line).setStage("parse").setReason(reason).setExpected(expected)
                .setRaw(ByteBuffer.wrap(rawText.getBytes(StandardCharsets.UTF_8)))
                .setTimeUs(nowUs()).build();
    }

    public static long nowUs() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
