package io.migscope.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the record (no Avro container header).
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header into {@code target} at its position. */
    public static void writeHeader(ByteBuffer target, int schemaId) {
        target.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** The whole frame: header then the given Avro bytes. */
    public static byte[] frame(int schemaId, byte[] avro) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + avro.length);
        writeHeader(b, schemaId);
        b.put(avro);
        return b.array();
    }

    /** Checks the magic byte and the length, and returns the schema id. */
    public static int schemaId(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException("empty payload, expected magic byte 0x00 and a 4-byte schema id");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format("wrong magic byte 0x%02x, expected 0x00", bytes[0]));
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new WireFormatException("truncated header: " + bytes.length + " bytes, expected at least "
                    + HEADER_LENGTH + " (magic byte and 4-byte schema id)");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}
