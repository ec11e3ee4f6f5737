package io.migscope.deadletter;

import io.migscope.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds {@link DeadLetter} records: where the input came from, what was wrong, what was expected, and its raw bytes. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** A record read from a topic. */
    public static DeadLetter fromTopic(String topic, int partition, long offset, String stage, String reason,
                                       Throwable error, byte[] key, byte[] raw, long nowUs) {
        return DeadLetter.newBuilder()
                .setOrigin(topic).setPartition(partition).setOffset(offset)
                .setStage(stage).setReason(reason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setTimeUs(nowUs).build();
    }

    /** A line read from a file or a live tool. */
    public static DeadLetter fromLine(String origin, long line, String reason, String expected, String rawText, long nowUs) {
        return DeadLetter.newBuilder()
                .setOrigin(origin).setLine(line).setStage("parse").setReason(reason).setExpected(expected)
                .setRaw(ByteBuffer.wrap(rawText.getBytes(StandardCharsets.UTF_8)))
                .setTimeUs(nowUs).build();
    }

    public static long nowUs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
