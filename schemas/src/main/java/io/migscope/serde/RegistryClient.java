package io.migscope.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API. Ids and schemas are cached forever (they are immutable in
 * the registry), so after the first record of a type the hot path never calls the registry. Connection errors
 * and 5xx answers are retried with exponential backoff. Thread-safe; share one per registry via {@link #shared}.
 */
public final class RegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<RegistrySettings, RegistryClient> SHARED = new ConcurrentHashMap<>();

    /** A subject's version as the registry reports it. */
    public record SchemaVersion(String subject, int version, int id, Schema schema) {
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final RegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public RegistryClient(RegistrySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.authorization = authorization(settings);
    }

    /** One client (and so one cache) per distinct settings in this JVM. */
    public static RegistryClient shared(RegistrySettings settings) {
        return SHARED.computeIfAbsent(settings, RegistryClient::new);
    }

    /** TopicNameStrategy: {@code <topic>-value} or {@code <topic>-key}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** Registers {@code schema} under {@code subject} (idempotent in the registry) and returns its id. */
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), k -> {
            int id = post("/subjects/" + encode(subject) + "/versions", schemaBody(schema)).get("id").asInt();
            schemas.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The schema with this id; a 40403 answer becomes a {@link RegistryException} with that code. */
    public Schema schemaById(int id) {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = get("/schemas/ids/" + id);
        Schema parsed = new Schema.Parser().parse(body.get("schema").asText());
        Schema prior = schemas.putIfAbsent(id, parsed);
        return prior != null ? prior : parsed;
    }

    /** The latest version of a subject (not cached: it changes). */
    public SchemaVersion latest(String subject) {
        JsonNode b = get("/subjects/" + encode(subject) + "/versions/latest");
        return new SchemaVersion(b.get("subject").asText(), b.get("version").asInt(), b.get("id").asInt(),
                new Schema.Parser().parse(b.get("schema").asText()));
    }

    /** Whether {@code schema} could be registered under {@code subject} against its latest version. */
    public boolean isCompatible(String subject, Schema schema) {
        return post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                .get("is_compatible").asBoolean();
    }

    private JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    private JsonNode post(String path, String body) {
        return send(request(path).header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.timeout()).header("Accept", ACCEPT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private JsonNode send(HttpRequest request) {
        Duration backoff = FIRST_BACKOFF;
        RegistryException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 300) {
                    return JSON.readTree(r.body());
                }
                last = error(request, r);
                if (r.statusCode() < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new RegistryException("schema registry " + settings.url() + " unreachable for "
                        + request.method() + " " + request.uri().getPath() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while calling the schema registry", e);
            }
            backoff = pause(backoff);
        }
        throw last;
    }

    private static Duration pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry the schema registry", e);
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    /** Confluent's error JSON is {@code {"error_code":40403,"message":"Schema 42 not found"}}. */
    private static RegistryException error(HttpRequest request, HttpResponse<String> r) {
        String where = request.method() + " " + request.uri().getPath() + " -> HTTP " + r.statusCode() + ": ";
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body != null && body.has("error_code")) {
                return new RegistryException(r.statusCode(), body.get("error_code").asInt(),
                        where + body.path("message").asText());
            }
        } catch (IOException notJson) {
            // fall through: a proxy or a non-Confluent server answered; keep its text
        }
        return new RegistryException(r.statusCode(), r.statusCode(), where + r.body());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String authorization(RegistrySettings s) {
        if (!s.bearerToken().isEmpty()) {
            return "Bearer " + s.bearerToken();
        }
        if (!s.basicUserInfo().isEmpty()) {
            return "Basic " + Base64.getEncoder().encodeToString(s.basicUserInfo().getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
