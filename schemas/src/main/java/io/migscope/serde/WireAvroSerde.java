package io.migscope.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for generated Avro classes in the Confluent wire format. Configure it like Confluent's
 * SpecificAvroSerde: {@code schema.registry.url}, and optionally {@code basic.auth.user.info} or
 * {@code bearer.auth.token}.
 */
public final class WireAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final WireAvroSerializer<T> serializer;
    private final WireAvroDeserializer<T> deserializer;

    /** For Kafka's reflective construction; the type comes from the config or the writer schema. */
    public WireAvroSerde() {
        this.serializer = new WireAvroSerializer<>();
        this.deserializer = new WireAvroDeserializer<>();
    }

    /** Reads into {@code type}; {@link #configure} must follow. */
    public WireAvroSerde(Class<T> type) {
        this.serializer = new WireAvroSerializer<>();
        this.deserializer = new WireAvroDeserializer<>(type);
    }

    /** Ready to use, no configure needed. */
    public WireAvroSerde(RegistryClient client, Class<T> type, boolean isKey) {
        this.serializer = new WireAvroSerializer<>(client, isKey);
        this.deserializer = new WireAvroDeserializer<>(client, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
