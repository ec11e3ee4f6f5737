package io.migscope.streams.timeline;

import io.migscope.avro.MigrationEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A timeline builder's state as bytes: the migration id, then the kept events as plain Avro binary (no registry:
 * the store belongs to this application, and its schema is the compiled one). Readers and writers are reused.
 */
public final class TimelineState {
    private static final SpecificDatumWriter<MigrationEvent> WRITER = new SpecificDatumWriter<>(MigrationEvent.class);
    private static final SpecificDatumReader<MigrationEvent> READER = new SpecificDatumReader<>(MigrationEvent.class);

    private TimelineState() {
    }

    public static byte[] toBytes(TimelineBuilder builder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            enc.writeString(builder.migrationId());
            List<MigrationEvent> events = builder.events();
            enc.writeLong(events.size());
            for (MigrationEvent e : events) {
                WRITER.write(e, enc);
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static TimelineBuilder fromBytes(byte[] data) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, null);
        try {
            String id = dec.readString();
            long n = dec.readLong();
            List<MigrationEvent> events = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                events.add(READER.read(null, dec));
            }
            return TimelineBuilder.fromEvents(id, events);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read timeline state (" + data.length + " bytes): " + e, e);
        }
    }
}
