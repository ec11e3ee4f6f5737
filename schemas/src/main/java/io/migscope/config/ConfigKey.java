package io.migscope.config;

import io.migscope.hosts.Addresses;
import java.util.function.Function;

/**
 * One known configuration key: its name (or a pattern with a single {@code *} segment), default, and validation.
 * The README's configuration reference lists these.
 */
public record ConfigKey(String name, String defaultValue, Kind kind, String description, boolean secret) {

    /** How a value is checked and read. */
    public enum Kind {
        STRING(v -> v),
        INT(Integer::parseInt),
        LONG(Long::parseLong),
        DOUBLE(Double::parseDouble),
        BOOLEAN(ConfigKey::parseBoolean),
        DURATION(Durations::parse),
        URL(v -> java.net.URI.create(v)),
        ADDRESSES(Addresses::parseList);

        private final Function<String, Object> parser;

        Kind(Function<String, Object> parser) {
            this.parser = parser;
        }

        Object parse(String value) {
            return parser.apply(value);
        }
    }

    public static ConfigKey of(String name, String defaultValue, Kind kind, String description) {
        return new ConfigKey(name, defaultValue, kind, description, false);
    }

    public static ConfigKey secret(String name, Kind kind, String description) {
        return new ConfigKey(name, null, kind, description, true);
    }

    /**
     * True when this key (possibly a pattern like {@code cluster.*.deadline.completion.per.gib}) names {@code key}.
     * The {@code *} stands for a non-empty name, which may hold dots (host names such as {@code node-1.lab}).
     */
    public boolean matches(String key) {
        int star = name.indexOf('*');
        if (star < 0) {
            return name.equals(key);
        }
        String head = name.substring(0, star);
        String tail = name.substring(star + 1);
        return key.length() > head.length() + tail.length() && key.startsWith(head) && key.endsWith(tail);
    }

    void validate(String key, String value) {
        try {
            kind.parse(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "invalid " + kind.name().toLowerCase() + " value '" + value + "'"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static Boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("expected true or false");
    }
}
