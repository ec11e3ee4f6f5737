package io.migscope.streams.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** A list of generated records as plain Avro binary (a count, then each record), for this application's own stores. */
public final class AvroList<T extends SpecificRecord> {
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final String name;

    public AvroList(Schema schema) {
        this.name = schema.getName();
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
    }

    public byte[] encode(List<T> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * list.size() + 8);
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        try {
            enc.writeInt(list.size());
            for (T t : list) {
                writer.write(t, enc);
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public List<T> decode(byte[] bytes) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            int n = dec.readInt();
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(reader.read(null, dec));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read a stored list of " + name, e);
        }
    }
}
