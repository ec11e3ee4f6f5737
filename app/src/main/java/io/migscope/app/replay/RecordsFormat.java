package io.migscope.app.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.json.RecordJson;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The {@code records} source format: one normalised record per line, {@code {"type":"event","value":{...}}} with
 * type event, ping, guest or link and the record in {@link RecordJson}'s snake_case shape.
 */
public final class RecordsFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            "event", MigrationEvent.class, "ping", PingSample.class, "guest", GuestSample.class, "link", LinkSample.class);

    private RecordsFormat() {
    }

    /** The line for one record. */
    public static String line(SpecificRecord value) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", type(value));
        node.set("value", RecordJson.toJson(value));
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static SpecificRecord parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual() || !node.path("value").isObject()) {
            throw new IllegalArgumentException("expected {\"type\": event|ping|guest|link, \"value\": {...}}");
        }
        Class<? extends SpecificRecord> type = TYPES.get(node.get("type").asText());
        if (type == null) {
            throw new IllegalArgumentException("type '" + node.get("type").asText()
                    + "'; expected event, ping, guest or link");
        }
        return RecordJson.fromJson(node.get("value"), type);
    }

    private static String type(SpecificRecord value) {
        if (value instanceof MigrationEvent) {
            return "event";
        }
        if (value instanceof PingSample) {
            return "ping";
        }
        if (value instanceof GuestSample) {
            return "guest";
        }
        if (value instanceof LinkSample) {
            return "link";
        }
        throw new IllegalArgumentException("not a replayable record: " + value.getSchema().getFullName());
    }
}
