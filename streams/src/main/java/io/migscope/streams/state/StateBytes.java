package io.migscope.streams.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A tiny versioned binary codec for the trackers' state, so a processor can keep it in a {@code byte[]} store
 * without a schema. Each state class writes a one-byte version first and refuses versions it does not know.
 */
public final class StateBytes {
    private StateBytes() {
    }

    /** Writes with a {@link DataOutputStream}; IO errors cannot happen on a byte array. */
    public static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads with a {@link DataInputStream}; a truncated or foreign array fails with a clear message. */
    public static <T> T read(byte[] data, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " state (" + data.length + " bytes): " + e, e);
        }
    }

    public static void writeNullableLong(DataOutputStream out, Long v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    public static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    public static void writeNullableString(DataOutputStream out, String v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeUTF(v);
        }
    }

    public static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void checkVersion(DataInputStream in, int expected, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v != expected) {
            throw new IOException(what + " state version " + v + ", expected " + expected);
        }
    }

    /** Writes one state. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one state. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }
}
