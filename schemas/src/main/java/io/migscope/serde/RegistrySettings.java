package io.migscope.serde;

import java.time.Duration;
import java.util.Map;

/**
 * Where the schema registry is and how to authenticate, read from Confluent's serde config keys so that a map
 * written for Confluent's serde configures ours too.
 *
 * @param url          base URL, e.g. {@code http://127.0.0.1:8081} (the first one if a comma-separated list)
 * @param basicUserInfo {@code user:password} or empty
 * @param bearerToken  static bearer token or empty
 */
public record RegistrySettings(String url, String basicUserInfo, String bearerToken, Duration timeout, int maxAttempts) {
    public static final String URL_CONFIG = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    public static final String BEARER_AUTH_SOURCE_CONFIG = "bearer.auth.credentials.source";
    /** Not a Confluent key: our request timeout, retried with backoff. */
    public static final String TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    public RegistrySettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL_CONFIG + " is required");
        }
        url = stripSlash(url.split(",")[0].trim());
        basicUserInfo = basicUserInfo == null ? "" : basicUserInfo;
        bearerToken = bearerToken == null ? "" : bearerToken;
    }

    public static RegistrySettings of(String url) {
        return new RegistrySettings(url, "", "", DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS);
    }

    public RegistrySettings withBasicAuth(String user, String password) {
        return new RegistrySettings(url, user + ":" + password, "", timeout, maxAttempts);
    }

    public RegistrySettings withBearerToken(String token) {
        return new RegistrySettings(url, "", token, timeout, maxAttempts);
    }

    /** Reads {@code schema.registry.url}, {@code basic.auth.user.info} and {@code bearer.auth.token}. */
    public static RegistrySettings fromSerdeConfig(Map<String, ?> configs) {
        Object url = configs.get(URL_CONFIG);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("serde config needs '" + URL_CONFIG + "' (the schema registry URL)");
        }
        Object timeout = configs.get(TIMEOUT_MS_CONFIG);
        return new RegistrySettings(url.toString(), text(configs.get(BASIC_AUTH_USER_INFO_CONFIG)),
                text(configs.get(BEARER_AUTH_TOKEN_CONFIG)),
                timeout == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Long.parseLong(timeout.toString())),
                DEFAULT_MAX_ATTEMPTS);
    }

    /** The keys Confluent's serde understands, for handing to a reflectively loaded serde. */
    public Map<String, Object> toSerdeConfig() {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put(URL_CONFIG, url);
        if (!basicUserInfo.isEmpty()) {
            m.put(BASIC_AUTH_SOURCE_CONFIG, "USER_INFO");
            m.put(BASIC_AUTH_USER_INFO_CONFIG, basicUserInfo);
        }
        if (!bearerToken.isEmpty()) {
            m.put(BEARER_AUTH_SOURCE_CONFIG, "STATIC_TOKEN");
            m.put(BEARER_AUTH_TOKEN_CONFIG, bearerToken);
        }
        return m;
    }

    @Override
    public String toString() {
        return "RegistrySettings[url=" + url + ", basicAuth=" + !basicUserInfo.isEmpty()
                + ", bearer=" + !bearerToken.isEmpty() + ", timeout=" + timeout + "]";
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
