package io.migscope.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro records as plain JSON objects, for humans and for {@code records} files: field names exactly as in the schema
 * (snake_case), enums as their symbol, nested records as objects, unions unwrapped (no Avro {"long": 1} wrappers),
 * bytes and fixed as base64, every field written, null as null. {@link #fromJson} reads the same shape back.
 */
public final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) toNode(record, record.getSchema());
    }

    /** One compact JSON line, without the line terminator. */
    public static String toJsonLine(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getFullName(), e);
        }
    }

    /**
     * Reads a JSON object into a record of the given generated class. Missing fields take their schema default.
     *
     * @throws IllegalArgumentException naming the field path when the JSON does not fit the schema
     */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        return type.cast(fromNode(json, schema, schema.getName()));
    }

    public static <T extends SpecificRecord> T fromJsonLine(String line, Class<T> type) {
        try {
            return fromJson(MAPPER.readTree(line), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode toNode(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD:
                return recordNode((IndexedRecord) value, schema);
            case UNION:
                return toNode(value, schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)));
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(toNode(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.set(entry.getKey().toString(), toNode(entry.getValue(), schema.getValueType()));
                }
                return map;
            case BYTES:
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case INT:
                return NODES.numberNode((Integer) value);
            case LONG:
                return NODES.numberNode((Long) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case NULL:
                return NODES.nullNode();
            default:
                // STRING and ENUM: the text or the symbol
                return NODES.textNode(value.toString());
        }
    }

    private static ObjectNode recordNode(IndexedRecord record, Schema schema) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), toNode(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static Object fromNode(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD:
                return recordFrom(node, schema, path);
            case UNION:
                return unionFrom(node, schema, path);
            case ARRAY:
                expect(node.isArray(), "an array", node, path);
                List<Object> list = new ArrayList<>();
                int index = 0;
                for (JsonNode item : node) {
                    list.add(fromNode(item, schema.getElementType(), path + "[" + index++ + "]"));
                }
                return list;
            case MAP:
                expect(node.isObject(), "an object", node, path);
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e ->
                        map.put(e.getKey(), fromNode(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                return map;
            case ENUM:
                expect(node.isTextual() && schema.getEnumSymbols().contains(node.asText()),
                        "one of " + schema.getEnumSymbols(), node, path);
                return SpecificData.get().createEnum(node.asText(), schema);
            case STRING:
                expect(node.isTextual(), "a string", node, path);
                return node.asText();
            case BYTES:
                return ByteBuffer.wrap(base64(node, path));
            case FIXED:
                return SpecificData.get().createFixed(null, base64(node, path), schema);
            case INT:
                expect(node.isInt(), "an int", node, path);
                return node.intValue();
            case LONG:
                expect(node.isIntegralNumber() && node.canConvertToLong(), "a long", node, path);
                return node.longValue();
            case FLOAT:
                expect(node.isNumber(), "a number", node, path);
                return node.floatValue();
            case DOUBLE:
                expect(node.isNumber(), "a number", node, path);
                return node.doubleValue();
            case BOOLEAN:
                expect(node.isBoolean(), "true or false", node, path);
                return node.booleanValue();
            default:
                expect(node.isNull(), "null", node, path);
                return null;
        }
    }

    private static Object recordFrom(JsonNode node, Schema schema, String path) {
        expect(node.isObject(), "an object", node, path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException(path + "." + name + ": no such field in " + schema.getName());
            }
        }
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException(fieldPath + ": missing and has no default");
                }
                record.put(field.pos(), SpecificData.get().deepCopy(field.schema(),
                        SpecificData.get().getDefaultValue(field)));
            } else {
                record.put(field.pos(), fromNode(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object unionFrom(JsonNode node, Schema schema, String path) {
        if (node.isNull()) {
            expect(schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL), "a value", node, path);
            return null;
        }
        IllegalArgumentException last = null;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return fromNode(node, branch, path);
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalArgumentException(path + ": no branch of " + schema + " fits");
    }

    private static byte[] base64(JsonNode node, String path) {
        expect(node.isTextual(), "a base64 string", node, path);
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": not base64: " + e.getMessage(), e);
        }
    }

    private static void expect(boolean ok, String what, JsonNode node, String path) {
        if (!ok) {
            throw new IllegalArgumentException(path + ": expected " + what + ", got " + node);
        }
    }

}
