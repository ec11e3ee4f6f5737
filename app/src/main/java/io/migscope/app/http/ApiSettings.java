package io.migscope.app.http;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.hosts.HostInventory;

/**
 * Where the HTTP API listens, the name other instances reach it at, and the bearer token it requires (null: open).
 *
 * @param token from {@code --api-token}, else {@code api.token}, else the environment variable MIGSCOPE_API_TOKEN
 * @param advertisedHost {@code http.advertised.host}; blank: derived from {@code bind}
 * @param hosts          the host inventory ({@code hosts.NAME.addresses}): names the ends of the wire chart's flows
 */
public record ApiSettings(String bind, int port, String token, String advertisedHost, HostInventory hosts) {
    public static final String TOKEN_ENV = "MIGSCOPE_API_TOKEN";

    public ApiSettings(String bind, int port, String token, String advertisedHost) {
        this(bind, port, token, advertisedHost, HostInventory.empty());
    }

    /** Listening where other instances reach it (no separate advertised name). */
    public ApiSettings(String bind, int port, String token) {
        this(bind, port, token, "");
    }

    public static ApiSettings from(MigscopeConfig config, String tokenOption) {
        String token = firstNonBlank(tokenOption, config.find(Keys.API_TOKEN.name()).orElse(null),
                System.getenv(TOKEN_ENV));
        return new ApiSettings(config.get(Keys.HTTP_BIND), config.getInt(Keys.HTTP_PORT), token,
                config.get(Keys.HTTP_ADVERTISED_HOST), HostInventory.from(config));
    }

    public ApiSettings withPort(int newPort) {
        return new ApiSettings(bind, newPort, token, advertisedHost, hosts);
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
