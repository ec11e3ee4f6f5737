package io.migscope.cli;

import io.migscope.app.Pipeline;
import io.migscope.app.http.ApiServer;
import io.migscope.app.http.ApiSettings;
import io.migscope.app.http.LiveFeed;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.sink.SinkDataSources;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a production deployment runs: the Kafka Streams application, the HTTP API, web page and /metrics (announced
 * as {@code application.server}, so interactive queries reach the instance owning a key), and, with a JDBC URL, the
 * PostgreSQL sink. Runs until SIGTERM or Ctrl-C, then closes everything and exits 0. Several instances with the same
 * {@code streams.application.id} share the work; each needs its own {@code --state-dir} and HTTP port.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams application, the HTTP API and (with --jdbc-url) the PostgreSQL sink"
                + " until SIGTERM.",
        footer = "Example: migscope streams --bootstrap kafka:9092 --registry http://sr:8081"
                + " --jdbc-url jdbc:postgresql://db:5432/migscope --set http.bind=0.0.0.0")
public final class StreamsCommand implements Callable<Integer> {
    /** The line a supervisor (or a test) waits for: every task is assigned and the API answers. */
    public static final String RUNNING = "migscope streams: RUNNING";
    /** How long a SIGTERM waits for the clean close before the process gives up on it. */
    private static final long CLOSE_LIMIT_S = 60;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL (default: jdbc.url; unset: no sink)")
    String jdbcUrl;

    @Option(names = "--run-name", defaultValue = "live", description = "Written into every sink row (default: ${DEFAULT-VALUE})")
    String runName;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state (default: <work.dir>/streams)")
    Path stateDir;

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Bearer token the HTTP API requires (default: api.token, else env MIGSCOPE_API_TOKEN; none: open)")
    String apiToken;

    @Override
    public Integer call() throws Exception {
        MigscopeConfig config = configOptions.load(jdbcUrl == null ? Map.of() : Map.of(Keys.JDBC_URL.name(), jdbcUrl));
        String servers = cluster.bootstrap(config);
        String url = cluster.registry(config);
        Path state = stateDir != null ? stateDir : Path.of(config.get(Keys.WORK_DIR)).resolve("streams");
        TopicNames topics = TopicNames.from(config);
        Pipeline.Target target = new Pipeline.Target(servers, url, topics, config.get(Keys.APPLICATION_ID), state,
                null, runName);
        Stop stop = Stop.onTermination();
        boolean clean = false;
        try {
            run(config, target, url, stop);
            clean = !stop.hasFailed();
            System.out.println(clean ? "migscope streams: stopped cleanly"
                    : "migscope streams: the Kafka Streams application failed (state ERROR); see the log");
        } finally {
            stop.closed(clean);
        }
        return clean ? 0 : 1;
    }

    private void run(MigscopeConfig config, Pipeline.Target target, String url, Stop stop) throws Exception {
        String servers = target.bootstrapServers();
        TopicNames topics = target.topics();
        // A null resource is allowed in try-with-resources: without a JDBC URL there is no pool and no sink.
        try (var db = config.isSet(Keys.JDBC_URL) ? SinkDataSources.pooled(config.get(Keys.JDBC_URL),
                config.get(Keys.JDBC_USER), config.get(Keys.JDBC_PASSWORD)) : null;
             ApiServer api = ApiServer.start(ApiSettings.from(config, apiToken));
             Pipeline pipeline = Pipeline.start(config, withDatabase(target, db), api.applicationServer());
             LiveFeed feed = new LiveFeed(config, servers, topics, Pipeline.serdes(config, url), api.metrics()).start()) {
            api.attach(pipeline.streams(), feed);
            System.out.println(RUNNING + " application " + target.applicationId() + " on " + servers + ", topics "
                    + topics.prefix() + "*, state " + target.stateDir().toAbsolutePath() + ", api " + api.url()
                    + (db == null ? ", no sink" : ", sink " + config.get(Keys.JDBC_URL) + " (run " + runName + ")"));
            // Stream threads that die are replaced (Pipeline); only the whole application failing ends the wait.
            while (!stop.await(Duration.ofSeconds(1))) {
                KafkaStreams.State state = pipeline.streams().state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
                    stop.failed();
                }
            }
        }
    }

    private static Pipeline.Target withDatabase(Pipeline.Target t, javax.sql.DataSource db) {
        return new Pipeline.Target(t.bootstrapServers(), t.registryUrl(), t.topics(), t.applicationId(), t.stateDir(),
                db, t.runName());
    }

    /**
     * SIGTERM and Ctrl-C end the wait; the shutdown hook then waits for the clean close and ends the JVM with 0
     * (a JVM stopped by a signal would otherwise exit 143, which supervisors and scripts read as a failure).
     */
    private static final class Stop {
        private final CountDownLatch requested = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final Thread hook = new Thread(this::onSignal, "streams-shutdown");
        private volatile boolean failed;
        private volatile boolean clean;

        static Stop onTermination() {
            Stop s = new Stop();
            Runtime.getRuntime().addShutdownHook(s.hook);
            return s;
        }

        private void onSignal() {
            requested.countDown();
            try {
                boolean done = closed.await(CLOSE_LIMIT_S, TimeUnit.SECONDS);
                System.out.flush();
                Runtime.getRuntime().halt(done && clean ? 0 : 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean await(Duration limit) throws InterruptedException {
            return requested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        void failed() {
            failed = true;
            requested.countDown();
        }

        boolean hasFailed() {
            return failed;
        }

        /** Everything is closed; unless the JVM is already stopping, the hook is no longer needed. */
        void closed(boolean wasClean) {
            clean = wasClean;
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // stopping on a signal: the hook ends the JVM with the exit code
            }
        }
    }
}
