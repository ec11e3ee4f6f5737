package io.migscope.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable Confluent-wire-format Avro record. The {@link #reason()} is short and stable
 * ("wrong magic byte 0x07, expected 0x00", "unknown schema id 42", "truncated Avro payload") so the dead-letter
 * topic can carry it as is.
 */
public final class WireFormatException extends SerializationException {
    private final String reason;

    public WireFormatException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public WireFormatException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
