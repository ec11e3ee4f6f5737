package io.migscope.serde;

import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Builds the serde for a generated class from configuration: ours by default, or whatever class
 * {@code serde.class} names (e.g. Confluent's {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}),
 * configured the Confluent way with {@code schema.registry.url} and auth keys.
 */
public final class SerdeFactory {
    private SerdeFactory() {
    }

    /**
     * The value serde for {@code type}.
     *
     * @param embeddedRegistryUrl used when {@code registry.url} is empty (the embedded registry); may be null
     */
    public static <T extends SpecificRecord> Serde<T> valueSerde(MigscopeConfig config, String embeddedRegistryUrl,
                                                                 Class<T> type) {
        return serde(config, embeddedRegistryUrl, type, false);
    }

    /** The key serde for {@code type} (subject {@code <topic>-key}). */
    public static <T extends SpecificRecord> Serde<T> keySerde(MigscopeConfig config, String embeddedRegistryUrl,
                                                               Class<T> type) {
        return serde(config, embeddedRegistryUrl, type, true);
    }

    /** Registry location and credentials from {@code registry.url}, {@code registry.basic.*}, {@code registry.bearer.token}. */
    public static RegistrySettings registrySettings(MigscopeConfig config, String embeddedRegistryUrl) {
        String url = config.isSet(Keys.REGISTRY_URL) ? config.get(Keys.REGISTRY_URL) : embeddedRegistryUrl;
        if (url == null || url.isBlank()) {
            throw new ConfigException(Keys.REGISTRY_URL.name(), "no schema registry URL: set it, or start the embedded registry");
        }
        RegistrySettings s = new RegistrySettings(url, "", "", config.getDuration(Keys.REGISTRY_TIMEOUT),
                RegistrySettings.DEFAULT_MAX_ATTEMPTS);
        if (config.isSet(Keys.REGISTRY_TOKEN)) {
            return s.withBearerToken(config.get(Keys.REGISTRY_TOKEN));
        }
        if (config.isSet(Keys.REGISTRY_USER)) {
            String password = config.get(Keys.REGISTRY_PASSWORD);
            return s.withBasicAuth(config.get(Keys.REGISTRY_USER), password == null ? "" : password);
        }
        return s;
    }

    /** The Confluent-style serde config map, for clients configured by properties. */
    public static Map<String, Object> serdeConfig(MigscopeConfig config, String embeddedRegistryUrl) {
        Map<String, Object> m = new HashMap<>(registrySettings(config, embeddedRegistryUrl).toSerdeConfig());
        m.put(RegistrySettings.TIMEOUT_MS_CONFIG, config.getDuration(Keys.REGISTRY_TIMEOUT).toMillis());
        return m;
    }

    private static <T extends SpecificRecord> Serde<T> serde(MigscopeConfig config, String embeddedRegistryUrl,
                                                             Class<T> type, boolean isKey) {
        String className = config.get(Keys.SERDE_CLASS);
        Map<String, Object> configs = serdeConfig(config, embeddedRegistryUrl);
        Serde<T> serde;
        // A serde for SpecificRecord itself reads each record as the generated class its writer schema names.
        Class<T> reader = type == SpecificRecord.class ? null : type;
        if (className.equals(WireAvroSerde.class.getName())) {
            serde = new WireAvroSerde<>(reader);
        } else {
            serde = instantiate(className);
            // Confluent's SpecificAvroSerde reads generated classes only with specific.avro.reader=true.
            configs.put("specific.avro.reader", true);
            if (reader != null) {
                configs.put(isKey ? WireAvroDeserializer.KEY_TYPE_CONFIG : WireAvroDeserializer.VALUE_TYPE_CONFIG, reader);
            }
        }
        serde.configure(configs, isKey);
        return serde;
    }

    @SuppressWarnings("unchecked")
    private static <T> Serde<T> instantiate(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(Keys.SERDE_CLASS.name(), "class " + className + " is not on the classpath"
                    + " (Confluent's serde needs io.confluent:kafka-streams-avro-serde and its dependencies)");
        }
        if (!Serde.class.isAssignableFrom(c)) {
            throw new ConfigException(Keys.SERDE_CLASS.name(), "class " + className + " is not an org.apache.kafka.common.serialization.Serde");
        }
        try {
            return (Serde<T>) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(Keys.SERDE_CLASS.name(), "cannot construct " + className + " with a public no-argument constructor: " + e);
        }
    }
}
