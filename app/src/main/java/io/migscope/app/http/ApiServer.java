package io.migscope.app.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The HTTP side of the streams application: the JSON API, the web page at {@code /}, live changes over SSE at
 * {@code /api/stream} and Prometheus at {@code /metrics}. Read-only. With a token, {@code /api/*} and
 * {@code /metrics} need {@code Authorization: Bearer <token>} (the SSE stream, which browsers open without headers,
 * also takes {@code ?token=}); the page itself and its scripts are public and ask for the token.
 *
 * <pre>{@code
 * ApiServer api = ApiServer.start(settings);           // listens at once; the API answers 503 until attach()
 * Pipeline p = Pipeline.start(config, target, api.applicationServer());
 * api.attach(p.streams(), new LiveFeed(...).start());
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    /** Where the echarts webjar (org.mvnpm:echarts) keeps its browser build. */
    static final String ECHARTS = "/META-INF/resources/_static/echarts/6.0.0/dist/echarts.min.js";

    private final ApiSettings settings;
    private final AtomicReference<ViewQueries> views = new AtomicReference<>();
    private final FleetMetrics metrics = new FleetMetrics(views::get);
    private final AtomicReference<LiveFeed> feed = new AtomicReference<>();
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private final Javalin app;

    private ApiServer(ApiSettings settings) {
        this.settings = settings;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
        });
        app.before("/api/*", this::authorize);
        app.before("/metrics", this::authorize);
        new ApiRoutes(views::get, settings.hosts()).register(app);
        app.sse("/api/stream", client -> {
            LiveFeed f = feed.get();
            if (f == null) {
                client.sendEvent("error", "{\"status\":503,\"message\":\"starting\"}");
                client.close();
                return;
            }
            f.attach(client);
        });
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.get("/vendor/echarts.min.js", ApiServer::echarts);
        app.get("/page-config", ctx -> ctx.json(Map.of("token_required", settings.token() != null)));
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, e.getClass().getSimpleName() + ": " + e.getMessage()));
        app.error(404, ctx -> {
            if (ctx.attribute("api-error") == null) {
                error(ctx, 404, "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute("api-error") == null) {
                error(ctx, 405, "read-only API: " + ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    /** Listens on {@code http.bind:http.port} (port 0: a free one). */
    public static ApiServer start(ApiSettings settings) {
        ApiServer server = new ApiServer(settings);
        server.app.start(settings.bind(), settings.port());
        return server;
    }

    /** Starts answering from the running streams application; {@code feed} (already started) serves /api/stream. */
    public void attach(KafkaStreams streams, LiveFeed liveFeed) {
        views.set(new ViewQueries(streams, hostInfo(), new Forwarder(settings.token())));
        metrics.bind(streams);
        feed.set(liveFeed);
        this.streams.set(streams);
    }

    public FleetMetrics metrics() {
        return metrics;
    }

    public int port() {
        return app.port();
    }

    /** This instance as other instances reach it: the value for Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        HostInfo h = hostInfo();
        return h.host() + ":" + h.port();
    }

    /** The URL a person opens; a wildcard bind is shown as localhost. */
    public String url() {
        String host = isWildcard(settings.bind()) ? "localhost" : settings.bind();
        return "http://" + (host.equals("127.0.0.1") ? "localhost" : host) + ":" + port();
    }

    /**
     * Ready only while Kafka Streams is RUNNING: a restoring or rebalancing instance cannot answer for its keys yet,
     * and a StatefulSet's rolling update waits for this before it restarts the next instance, so only one instance
     * rebuilds its state at a time.
     */
    private void ready(Context ctx) {
        KafkaStreams s = streams.get();
        String state = s == null ? "STARTING" : s.state().name();
        boolean ready = s != null && s.state() == KafkaStreams.State.RUNNING;
        ctx.status(ready ? 200 : 503).json(Map.of("ready", ready, "state", state));
    }

    private HostInfo hostInfo() {
        if (settings.advertisedHost() != null && !settings.advertisedHost().isBlank()) {
            return new HostInfo(settings.advertisedHost(), port());
        }
        String host = settings.bind();
        if (isWildcard(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return new HostInfo(host, port());
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty();
    }

    private void authorize(Context ctx) {
        String token = settings.token();
        if (token == null) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim()
                : ctx.path().equals("/api/stream") ? ctx.queryParam("token") : null;
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, given == null ? "a bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not valid");
        }
    }

    private static void echarts(Context ctx) {
        InputStream in = ApiServer.class.getResourceAsStream(ECHARTS);
        if (in == null) {
            throw new ApiException(404, "echarts is not on the classpath (org.mvnpm:echarts)");
        }
        ctx.contentType("text/javascript; charset=utf-8").header("Cache-Control", "max-age=86400").result(in);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute("api-error", Boolean.TRUE);
        ctx.status(status).json(Map.of("status", status, "message", message == null ? "" : message));
    }

    @Override
    public void close() {
        app.stop();
        metrics.close();
    }
}
