package io.migscope.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in the Confluent wire format, registering its schema under the
 * TopicNameStrategy subject on first use. The bytes equal Confluent's KafkaAvroSerializer's for the same id.
 * Thread-safe: the output buffer and encoder are per thread and reused.
 */
public final class WireAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private RegistryClient client;
    private boolean isKey;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public WireAvroSerializer() {
    }

    public WireAvroSerializer(RegistryClient client, boolean isKey) {
        this.client = client;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = RegistryClient.shared(RegistrySettings.fromSerdeConfig(configs));
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("WireAvroSerializer used before configure(): no schema.registry.url");
        }
        Schema schema = data.getSchema();
        int id = client.register(RegistryClient.subject(topic, isKey), schema);
        Buffer b = BUFFERS.get();
        b.out.reset();
        b.out.write(WireFormat.MAGIC_BYTE);
        b.out.write(id >>> 24);
        b.out.write(id >>> 16);
        b.out.write(id >>> 8);
        b.out.write(id);
        b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        try {
            writers.computeIfAbsent(schema, sc -> new SpecificDatumWriter<>(sc, AvroModel.get())).write(data, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return b.out.toByteArray();
    }

    /** Per-thread reusable output: encoders hold a buffer and are not thread-safe. */
    private static final class Buffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        private BinaryEncoder encoder;
    }
}
