package io.migscope.streams.state;

import io.migscope.serde.AvroModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A hash of a record's content (its Avro binary encoding), to tell whether an output changed since it was last
 * written. Avro's own {@code hashCode} is not one: for MigrationTimeline it ignores fields (two timelines that
 * differ in {@code updated_us} hash alike).
 */
public final class ContentHash {
    private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();

    private ContentHash() {
    }

    public static int of(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            WRITERS.computeIfAbsent(record.getSchema(), sc -> new SpecificDatumWriter<>(sc, AvroModel.get()))
                    .write(record, enc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        return (int) crc.getValue();
    }
}
