package io.migscope.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.registry.RegistryState.Registered;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations over the {@code _schemas} log. A registration catches up, proposes (next version,
 * existing or max+1 id) in a record whose key names subject, version, id and schema fingerprint, waits until the
 * record is applied, and reads the outcome; if another instance won the race it tries again.
 */
final class SchemaService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROPOSALS = 20;

    private final RegistryState state = new RegistryState();
    private final SchemaLog log;

    SchemaService(Properties kafka, String topic) {
        this.log = new SchemaLog(kafka, topic, this::apply);
    }

    void start() {
        log.start();
    }

    RegistryState state() {
        return state;
    }

    void catchUp() {
        log.catchUp();
    }

    /** Registers {@code schema} under {@code subject}; the same schema again gets the same id. */
    synchronized int register(String subject, Schema schema) {
        for (int attempt = 0; attempt < MAX_PROPOSALS; attempt++) {
            log.catchUp();
            var existing = state.find(subject, schema);
            if (existing.isPresent()) {
                return existing.get().id();
            }
            List<String> problems = state.level(subject).problems(schema, state.schemas(subject));
            if (!problems.isEmpty()) {
                throw RegistryError.incompatible(subject, problems);
            }
            propose(subject, state.nextVersion(subject), state.proposeId(schema), schema);
        }
        throw RegistryError.store("gave up registering under " + subject + " after " + MAX_PROPOSALS + " lost races");
    }

    void setLevel(String subject, Compatibility level) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subject);
        ObjectNode value = JSON.createObjectNode().put("compatibilityLevel", level.name());
        log.append(key.toString(), value.toString());
    }

    private void propose(String subject, int version, int id, Schema schema) {
        String canonical = schema.toString();
        ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
                .put("version", version).put("id", id).put("fingerprint", sha256(canonical));
        ObjectNode value = JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", canonical);
        log.append(key.toString(), value.toString());
    }

    /** Applies one log record; a record this code cannot read is logged and skipped so the log stays usable. */
    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        try {
            JsonNode key = JSON.readTree(r.key());
            JsonNode value = JSON.readTree(r.value());
            switch (key.path("keytype").asText()) {
                case "SCHEMA" -> state.applySchema(value.get("subject").asText(), value.get("version").asInt(),
                        value.get("id").asInt(), new Schema.Parser().parse(value.get("schema").asText()));
                case "CONFIG" -> applyConfig(key, value, r.offset());
                default -> LOG.warn("_schemas offset {}: unknown keytype in key {}, skipped", r.offset(), r.key());
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("_schemas offset {}: unreadable record ({}), skipped", r.offset(), e.toString());
        }
    }

    private void applyConfig(JsonNode key, JsonNode value, long offset) {
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        Compatibility.parse(value.path("compatibilityLevel").asText()).ifPresentOrElse(
                level -> state.applyConfig(subject, level),
                () -> LOG.warn("_schemas offset {}: unknown compatibility level {}, skipped", offset, value));
    }

    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("the request has no \"schema\"");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | NullPointerException | IllegalArgumentException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    static Registered require(java.util.Optional<Registered> r, String version) {
        return r.orElseThrow(() -> RegistryError.versionNotFound(version));
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
