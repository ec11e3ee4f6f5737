package io.migscope.producers.source.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Field access for govc's JSON, whose names changed case in govc 0.34 (camelCase; before, Go's exported names:
 * {@code CreatedTime}, {@code Tasks}, {@code EventChainId}). Each lookup tries the camelCase name, then the same
 * name capitalised.
 */
final class Fields {

    private Fields() {
    }

    static JsonNode get(JsonNode node, String camel) {
        JsonNode value = node.get(camel);
        if (value == null) {
            value = node.get(Character.toUpperCase(camel.charAt(0)) + camel.substring(1));
        }
        return value == null || value.isNull() ? null : value;
    }

    static boolean has(JsonNode node, String camel) {
        return get(node, camel) != null;
    }

    static String text(JsonNode node, String camel) {
        JsonNode value = get(node, camel);
        return value == null || value.isContainerNode() || value.asText().isEmpty() ? null : value.asText();
    }

    static String requiredText(JsonNode node, String camel) {
        String value = text(node, camel);
        if (value == null) {
            throw new IllegalArgumentException("missing " + camel);
        }
        return value;
    }

    /** A Go time.Time as encoding/json writes it: RFC 3339 with up to nanoseconds. */
    static long time(JsonNode node, String camel) {
        return micros(requiredText(node, camel), camel);
    }

    static Long optionalTime(JsonNode node, String camel) {
        String value = text(node, camel);
        return value == null ? null : micros(value, camel);
    }

    private static long micros(String text, String name) {
        try {
            Instant instant = Instant.parse(text);
            return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1000L;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " is not an RFC 3339 time: '" + text + "'");
        }
    }
}
