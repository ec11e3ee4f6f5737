package io.migscope.app.http;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;

/**
 * Where the HTTP API listens and the bearer token it requires (null: open).
 *
 * @param token from {@code --api-token}, else {@code api.token}, else the environment variable MIGSCOPE_API_TOKEN
 */
public record ApiSettings(String bind, int port, String token) {
    public static final String TOKEN_ENV = "MIGSCOPE_API_TOKEN";

    public static ApiSettings from(MigscopeConfig config, String tokenOption) {
        String token = firstNonBlank(tokenOption, config.find(Keys.API_TOKEN.name()).orElse(null),
                System.getenv(TOKEN_ENV));
        return new ApiSettings(config.get(Keys.HTTP_BIND), config.getInt(Keys.HTTP_PORT), token);
    }

    public ApiSettings withPort(int newPort) {
        return new ApiSettings(bind, newPort, token);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
