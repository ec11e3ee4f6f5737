package io.migscope.config;

/** Bad configuration: always names the key at fault, so start-up can fail fast with a useful message. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration key '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
