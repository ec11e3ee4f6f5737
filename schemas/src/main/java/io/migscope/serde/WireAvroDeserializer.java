package io.migscope.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a generated class: the writer schema comes from the registry by id
 * (cached) and is resolved to the reader's schema. One DatumReader per writer id, one reused decoder per thread.
 * Unreadable bytes throw {@link WireFormatException} with a short reason for the dead-letter topic.
 *
 * <p>The target type is the constructor's class, else {@code specific.avro.value.type} /
 * {@code specific.avro.key.type} (Confluent's keys), else the generated class named by the writer schema.
 */
public final class WireAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    public static final String VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String KEY_TYPE_CONFIG = "specific.avro.key.type";
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private RegistryClient client;
    private Schema readerSchema;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public WireAvroDeserializer() {
    }

    public WireAvroDeserializer(Class<T> type) {
        this.readerSchema = type == null ? null : SpecificData.get().getSchema(type);
    }

    public WireAvroDeserializer(RegistryClient client, Class<T> type) {
        this(type);
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = RegistryClient.shared(RegistrySettings.fromSerdeConfig(configs));
        Object type = configs.get(isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG);
        if (readerSchema == null && type != null) {
            readerSchema = SpecificData.get().getSchema(type instanceof Class<?> c ? c : loadClass(type.toString()));
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("WireAvroDeserializer used before configure(): no schema.registry.url");
        }
        int id = WireFormat.schemaId(bytes);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readers.computeIfAbsent(id, this::newReader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_LENGTH,
                bytes.length - WireFormat.HEADER_LENGTH, DECODERS.get());
        DECODERS.set(decoder);
        return read(reader, decoder, id);
    }

    private T read(DatumReader<T> reader, BinaryDecoder decoder, int id) {
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new WireFormatException("truncated Avro payload", e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("invalid Avro payload for schema id " + id + ": " + e.getMessage(), e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new WireFormatException("trailing bytes after the Avro record for schema id " + id);
            }
        } catch (IOException e) {
            throw new WireFormatException("invalid Avro payload for schema id " + id + ": " + e.getMessage(), e);
        }
        return value;
    }

    private DatumReader<T> newReader(int id) {
        Schema writer = writerSchema(id);
        Schema reader = readerSchema != null ? readerSchema : generatedSchema(writer, id);
        SchemaCompatibility.SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException("schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                    + reader.getFullName() + ": " + c.getDescription());
        }
        return new SpecificDatumReader<>(writer, reader, AvroModel.get());
    }

    private Schema writerSchema(int id) {
        try {
            return client.schemaById(id);
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND) {
                throw new WireFormatException("unknown schema id " + id, e);
            }
            throw e;
        }
    }

    private static Schema generatedSchema(Schema writer, int id) {
        Class<?> c = SpecificData.get().getClass(writer);
        if (c == null) {
            throw new WireFormatException("schema id " + id + " names " + writer.getFullName()
                    + ", which has no generated class on the classpath");
        }
        return SpecificData.get().getSchema(c);
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("specific Avro type " + name + " is not on the classpath", e);
        }
    }
}
