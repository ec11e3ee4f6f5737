package io.migscope.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.BasicAuthCredentials;
import io.migscope.registry.RegistryState.Registered;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry serving the Confluent REST API (the subset Kafka serdes and operators use), stored in a
 * compacted {@code _schemas} topic so ids survive restarts and several instances on one cluster agree.
 *
 * <pre>{@code
 * try (RegistryServer registry = new RegistryServer()) {
 *     String url = registry.start("localhost:9092", 0);   // 0 picks a free port
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final String user;
    private final String password;
    private final String bearerToken;
    private SchemaService service;
    private Javalin app;
    private String url;

    /** No authentication, topic {@code _schemas}. */
    public RegistryServer() {
        this(DEFAULT_TOPIC, null, null);
    }

    /**
     * @param topic    the storage topic (every instance of one registry must use the same)
     * @param user     basic-auth user; null for no authentication
     * @param password basic-auth password
     */
    public RegistryServer(String topic, String user, String password) {
        this(topic, user, password, null);
    }

    /**
     * As {@link #RegistryServer(String, String, String)}, also accepting {@code Authorization: Bearer TOKEN} when
     * {@code bearerToken} is not null. With neither a user nor a token the registry is open.
     */
    public RegistryServer(String topic, String user, String password, String bearerToken) {
        this.topic = topic;
        this.user = user;
        this.password = password;
        this.bearerToken = bearerToken;
    }

    /** Reads the storage topic to its end, then serves on 127.0.0.1; returns the base URL. */
    public String start(String bootstrapServers, int port) {
        return start(bootstrapServers, "127.0.0.1", port);
    }

    /** As {@link #start(String, int)} on a chosen bind address ({@code 0.0.0.0} for every interface). */
    public String start(String bootstrapServers, String host, int port) {
        Properties kafka = new Properties();
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return start(kafka, host, port);
    }

    /**
     * As {@link #start(String, String, int)}, with the Kafka client properties of the {@code _schemas} log: bootstrap
     * servers plus any security settings ({@code security.protocol}, {@code sasl.jaas.config}, ...).
     */
    public String start(Properties kafka, String host, int port) {
        String bootstrapServers = kafka.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        service = new SchemaService(kafka, topic);
        service.start();
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        routes(app);
        app.start(host, port);
        url = "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + app.port();
        LOG.info("schema registry at {} on topic {} of {}", url, topic, bootstrapServers);
        return url;
    }

    public String url() {
        return url;
    }

    public int port() {
        return app.port();
    }

    private void routes(Javalin a) {
        a.before(this::authenticate);
        a.exception(RegistryError.class, (e, ctx) -> error(ctx, e.status(), e.errorCode(), e.getMessage()));
        a.exception(Exception.class, (e, ctx) -> {
            LOG.warn("registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the backend data store: " + e);
        });
        a.post("/subjects/{subject}/versions", this::register);
        a.post("/subjects/{subject}", this::lookup);
        a.get("/schemas/ids/{id}", this::schemaById);
        a.get("/subjects", ctx -> json(ctx, JSON.valueToTree(caughtUp().subjects())));
        a.get("/subjects/{subject}/versions", ctx -> json(ctx, JSON.valueToTree(caughtUp().versions(
                ctx.pathParam("subject")).orElseThrow(() -> RegistryError.subjectNotFound(ctx.pathParam("subject"))))));
        a.get("/subjects/{subject}/versions/{version}", this::version);
        a.post("/compatibility/subjects/{subject}/versions/{version}", this::compatibility);
        a.get("/config", ctx -> json(ctx, level(caughtUp().globalLevel())));
        a.put("/config", ctx -> putConfig(ctx, null));
        a.get("/config/{subject}", this::subjectConfig);
        a.put("/config/{subject}", ctx -> putConfig(ctx, ctx.pathParam("subject")));
    }

    private void register(Context ctx) {
        Schema schema = schemaFrom(ctx);
        int id = service.register(ctx.pathParam("subject"), schema);
        json(ctx, JSON.createObjectNode().put("id", id));
    }

    private void lookup(Context ctx) {
        String subject = ctx.pathParam("subject");
        Schema schema = schemaFrom(ctx);
        RegistryState s = caughtUp();
        if (s.versions(subject).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        json(ctx, registered(s.find(subject, schema).orElseThrow(() -> RegistryError.schemaNotFound("not found under " + subject))));
    }

    private void schemaById(Context ctx) {
        String raw = ctx.pathParam("id");
        int id;
        try {
            id = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound(raw);
        }
        Schema schema = caughtUp().schema(id).orElseThrow(() -> RegistryError.schemaNotFound(raw));
        json(ctx, JSON.createObjectNode().put("schema", schema.toString()));
    }

    private void version(Context ctx) {
        json(ctx, registered(resolve(caughtUp(), ctx.pathParam("subject"), ctx.pathParam("version"))));
    }

    private void compatibility(Context ctx) {
        String subject = ctx.pathParam("subject");
        String version = ctx.pathParam("version");
        Schema schema = schemaFrom(ctx);
        RegistryState s = caughtUp();
        Compatibility level = s.level(subject);
        List<String> problems = "latest".equals(version)
                ? level.problems(schema, s.schemas(subject))
                : level.against(schema, resolve(s, subject, version).schema());
        if ("latest".equals(version) && s.versions(subject).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if ("true".equals(ctx.queryParam("verbose"))) {
            out.set("messages", JSON.valueToTree(problems));
        }
        json(ctx, out);
    }

    private void subjectConfig(Context ctx) {
        String subject = ctx.pathParam("subject");
        RegistryState s = caughtUp();
        Compatibility level = s.subjectLevel(subject).orElseGet(() -> {
            if ("true".equals(ctx.queryParam("defaultToGlobal"))) {
                return s.globalLevel();
            }
            throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        });
        json(ctx, level(level));
    }

    private void putConfig(Context ctx, String subject) {
        String text = body(ctx).path("compatibility").asText(null);
        Compatibility level = Compatibility.parse(text).orElseThrow(() -> RegistryError.invalidCompatibility(text));
        service.setLevel(subject, level);
        json(ctx, JSON.createObjectNode().put("compatibility", level.name()));
    }

    private static Registered resolve(RegistryState s, String subject, String version) {
        if (s.versions(subject).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        if ("latest".equals(version)) {
            return SchemaService.require(s.latest(subject), version);
        }
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(version);
        }
        if (v < 1) {
            throw RegistryError.invalidVersion(version);
        }
        return SchemaService.require(s.version(subject, v), version);
    }

    private RegistryState caughtUp() {
        service.catchUp();
        return service.state();
    }

    private static Schema schemaFrom(Context ctx) {
        JsonNode body = body(ctx);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported; only AVRO");
        }
        return SchemaService.parse(body.path("schema").asText(null));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = JSON.readTree(ctx.body());
            if (n == null || !n.isObject()) {
                throw new RegistryError(400, 400, "the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, 400, "the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode registered(Registered r) {
        return JSON.createObjectNode().put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                .put("schema", r.schema().toString());
    }

    private static ObjectNode level(Compatibility c) {
        return JSON.createObjectNode().put("compatibilityLevel", c.name());
    }

    private void authenticate(Context ctx) {
        if (user == null && bearerToken == null) {
            return;
        }
        if (!basicAccepted(ctx) && !bearerAccepted(ctx)) {
            ctx.header("WWW-Authenticate", user != null ? "Basic realm=\"migscope-registry\"" : "Bearer realm=\"migscope-registry\"");
            throw new RegistryError(401, 401, "Unauthorized");
        }
    }

    private boolean basicAccepted(Context ctx) {
        String header = ctx.header("Authorization");
        if (user == null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        BasicAuthCredentials c = ctx.basicAuthCredentials();
        return c != null && same(c.getUsername(), user) && same(c.getPassword(), password);
    }

    private boolean bearerAccepted(Context ctx) {
        String header = ctx.header("Authorization");
        return bearerToken != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(header.substring(7).strip(), bearerToken);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(Context ctx, JsonNode body) {
        ctx.contentType(CONTENT_TYPE).result(body.toString());
    }

    private static void error(Context ctx, int status, int code, String message) {
        ctx.status(status).contentType(CONTENT_TYPE)
                .result(JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (service != null) {
            service.close();
        }
    }
}
