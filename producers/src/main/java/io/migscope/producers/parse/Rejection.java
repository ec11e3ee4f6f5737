package io.migscope.producers.parse;

import io.migscope.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A line (or a block, reported at its first line) that could not be used.
 *
 * @param origin   the file or collector it came from
 * @param line     1-based line number
 * @param reason   what was wrong
 * @param expected the shape or range that would have been accepted
 * @param raw      the text as read
 */
public record Rejection(String origin, long line, String reason, String expected, String raw) {

    /** {@code FILE:LINE: reason (expected ...)}: the stderr form of {@code migscope parse}. */
    public String describe() {
        String where = origin + ":" + line + ": " + reason;
        return expected == null ? where : where + " (expected " + expected + ")";
    }

    /** The dead-letter form used by live collectors. */
    public DeadLetter toDeadLetter(long timeUs) {
        return DeadLetter.newBuilder()
                .setOrigin(origin)
                .setLine(line)
                .setStage("parse")
                .setReason(reason)
                .setExpected(expected)
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw.getBytes(StandardCharsets.UTF_8)))
                .setTimeUs(timeUs)
                .build();
    }
}
