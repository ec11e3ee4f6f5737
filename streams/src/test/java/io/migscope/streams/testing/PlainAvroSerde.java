package io.migscope.streams.testing;

import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.PingSample;
import io.migscope.streams.TopologySerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Plain Avro binary of one generated class, no registry: enough for TopologyTestDriver tests of one record type. */
public final class PlainAvroSerde {
    private PlainAvroSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        if (type == SpecificRecord.class) {
            @SuppressWarnings("unchecked")
            Serde<T> tagged = (Serde<T>) tagged();
            return tagged;
        }
        Schema schema = SpecificData.get().getSchema(type);
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write(writer, value),
                (topic, bytes) -> bytes == null ? null : read(reader, type, bytes));
    }

    /** Every serde of the topology as plain Avro; the multi-type input serde prefixes a one-byte type tag. */
    public static TopologySerdes topologySerdes() {
        return TopologySerdes.from(PlainAvroSerde::of);
    }

    private static <T> byte[] write(SpecificDatumWriter<T> writer, T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static <T> T read(SpecificDatumReader<T> reader, Class<T> type, byte[] bytes) {
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a " + type.getSimpleName() + ": " + e, e);
        }
    }

    /**
     * Reads events, probes, link samples, timelines and summaries (the records one source or one merged processor
     * sees) from one topic: a type tag byte, then plain Avro.
     */
    private static Serde<SpecificRecord> tagged() {
        List<Class<? extends SpecificRecord>> types = List.of(MigrationEvent.class, PingSample.class, LinkSample.class,
                MigrationTimeline.class, MigrationSummary.class);
        List<Serde<? extends SpecificRecord>> serdes = types.stream().<Serde<? extends SpecificRecord>>map(PlainAvroSerde::of)
                .toList();
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            int tag = types.indexOf(value.getClass());
            if (tag < 0) {
                throw new IllegalArgumentException("no type tag for " + value.getClass().getName() + "; tagged: " + types);
            }
            byte[] body = serialize(serdes.get(tag), topic, value);
            byte[] out = new byte[body.length + 1];
            out[0] = (byte) tag;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }, (topic, bytes) -> bytes == null ? null
                : serdes.get(bytes[0]).deserializer().deserialize(topic, java.util.Arrays.copyOfRange(bytes, 1, bytes.length)));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] serialize(Serde<T> serde, String topic, SpecificRecord value) {
        return serde.serializer().serialize(topic, (T) value);
    }
}
