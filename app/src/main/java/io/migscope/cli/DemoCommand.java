package io.migscope.cli;

import io.migscope.app.LiveConsole;
import io.migscope.app.Pipeline;
import io.migscope.app.ResultsReport;
import io.migscope.app.StartupTimeline;
import io.migscope.app.Tables;
import io.migscope.app.http.ApiServer;
import io.migscope.app.http.ApiSettings;
import io.migscope.app.http.LiveFeed;
import io.migscope.config.Durations;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.embedded.security.ComponentAcls.Component;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.Pacer;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import io.migscope.sink.SchemaMigrator;
import io.migscope.topics.TopicNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job on the embedded stack: a real KRaft broker, the schema registry and PostgreSQL start in-process,
 * a simulated fleet migrates in waves (one migration in each wave does not converge), and the pipeline's
 * conclusions are printed as they arrive, then read back from PostgreSQL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on the embedded stack with a simulated fleet, printing results live.")
public final class DemoCommand implements Callable<Integer> {
    /** Partitions per topic unless configured: see {@link #demoDefaults}. */
    static final int DEMO_PARTITIONS = 2;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long (e.g. 60s, 5m). Default: run until Ctrl-C.")
    String duration;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Data of the embedded stack (default: work.dir, .migscope)")
    Path workDir;

    @Option(names = "--speed", defaultValue = "1", description = "Event-time speed: 1 = real time, N = N times faster (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--profile", defaultValue = "demo", paramLabel = "PROFILE",
            description = "Simulated fleet: demo (24 VMs, one does not converge) or seed-002 (vSphere, XenServer and"
                    + " KVM under seed 002's CPU, locked-page and dirty-page loads) (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Bearer token the HTTP API requires (default: api.token, else env MIGSCOPE_API_TOKEN; none: open)")
    String apiToken;

    /** For {@code bench --scenario startup}, which launches the demo as a child JVM and reads its start-up lines. */
    @Option(names = "--exit-after-startup", hidden = true,
            description = "Stop as soon as the first record is processed (after printing the start-up figures)")
    boolean stopAfterStartup;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (!profile.equals("demo") && !profile.equals("seed-002")) {
            System.err.println("migscope demo: unknown --profile '" + profile + "', expected demo or seed-002");
            return Main.EXIT_USAGE;
        }
        MigscopeConfig config = demoDefaults(configOptions.load(Map.of()));
        Duration limit = duration == null ? null : Durations.parse(duration);
        Path dir = workDir != null ? workDir : Path.of(config.get(Keys.WORK_DIR));
        StartupTimeline t0 = StartupTimeline.fromLaunch();
        t0.mark("cli");
        out.println("migscope demo: starting the embedded stack (KRaft broker, schema registry, PostgreSQL) under " + dir.toAbsolutePath());
        AtomicBoolean stop = new AtomicBoolean(false);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            awaitQuietly(stopped);
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<ApiServer> page = openPage(config, t0);
        try (AutoCloseable closePage = () -> page.thenAccept(ApiServer::close);
             EmbeddedStack stack = startStack(config, dir, t0)) {
            run(config, dir, stack, opened(page), limit, t0, stop);
        } finally {
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    /**
     * Two partitions per topic unless {@code topics.partitions} is set: one Streams thread gains nothing from more,
     * and every partition of each sub-topology is a task whose stores open at every start (54 tasks at 6, 18 at 2:
     * a third of the warm start's CPU). Topics already in a work directory keep theirs ({@code TopicAdmin} matches
     * new ones to them).
     */
    static MigscopeConfig demoDefaults(MigscopeConfig config) {
        return config.isSet(Keys.TOPICS_PARTITIONS) ? config
                : config.with(Map.of(Keys.TOPICS_PARTITIONS.name(), String.valueOf(DEMO_PARTITIONS)));
    }

    /**
     * The web page starts on its own thread while the stack starts, and its URL is printed as soon as it answers;
     * until the pipeline runs, the page says it is starting.
     */
    private CompletableFuture<ApiServer> openPage(MigscopeConfig config, StartupTimeline t0) {
        CompletableFuture<ApiServer> page = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ApiServer api = ApiServer.start(ApiSettings.from(config, apiToken));
                t0.mark("page");
                out.println("  web        " + api.url() + "   (API under /api, Prometheus at /metrics)");
                page.complete(api);
            } catch (RuntimeException e) {
                page.completeExceptionally(e);
            }
        }, "demo-page");
        t.start();
        return page;
    }

    /** The page, or why it could not start (a port in use), as thrown where it started. */
    private static ApiServer opened(CompletableFuture<ApiServer> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The embedded stack with the database's schema migrated as soon as PostgreSQL answers and the topics created
     * while the registry starts; both would otherwise wait for the broker.
     */
    private static EmbeddedStack startStack(MigscopeConfig config, Path dir, StartupTimeline t0) {
        EmbeddedStack stack = EmbeddedStack.start(config, dir, EmbeddedStack.Options.WITH_DATABASE.withTopics()
                .onDatabase(db -> new SchemaMigrator(db.dataSource()).migrate()));
        t0.markAll(stack.readyAt());
        return stack;
    }

    /** Prints the start-up figure and the step that took it there; stops the demo when asked to stop after it. */
    private void startedUp(StartupTimeline t0, long firstOutputMs, AtomicBoolean stop) {
        t0.markAt("first output", firstOutputMs);
        out.printf(Locale.ROOT, "start-up: %.1f s from launch to the first record processed (target 15 s)%n", t0.secondsTo(firstOutputMs));
        // CPU seconds next to wall seconds: on a shared machine the wall time says as much about the neighbours.
        out.printf(Locale.ROOT, "  steps, s after launch: %s; process CPU %.1f s%n", t0.steps(), StartupTimeline.processCpuSeconds());
        if (stopAfterStartup) {
            stop.set(true);
        }
    }

    /**
     * The page answers from the views at once; the Kafka Streams metrics (seconds of CPU to bind on a small machine)
     * join {@code /metrics} once the first record is through, or after 30 s, so they do not slow the start down.
     */
    private static Thread attachPage(ApiServer api, Pipeline pipeline, LiveFeed feed, CountDownLatch started,
                                     AtomicBoolean stop) {
        api.attachViews(pipeline.streams(), feed);
        Thread t = new Thread(() -> {
            try {
                started.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stop.get()) {
                api.bindMetrics(pipeline.streams());
            }
        }, "demo-metrics-bind");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void run(MigscopeConfig config, Path dir, EmbeddedStack stack, ApiServer api, Duration limit,
                     StartupTimeline t0, AtomicBoolean stop) throws Exception {
        TopicNames topics = TopicNames.from(config);
        String runTag = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                config.get(Keys.APPLICATION_ID), dir.resolve("streams"), stack.database().dataSource(), "live");
        AtomicLong firstProcessed = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        // Each component runs as its own user on a secured stack (embedded.security=sasl_ssl); the API and the
        // console run in the streams process.
        MigscopeConfig streamsConfig = config.with(stack.clientConfig(Component.STREAMS));
        MigscopeConfig collectorConfig = config.with(stack.clientConfig(Component.COLLECTOR));
        try (Pipeline pipeline = Pipeline.start(streamsConfig, target, api.applicationServer(),
                     config.with(stack.clientConfig(Component.SINK)));
             LiveFeed feed = new LiveFeed(streamsConfig, stack.bootstrapServers(), topics,
                     Pipeline.serdes(streamsConfig, stack.registryUrl()), api.metrics()).start();
             LiveConsole console = new LiveConsole(streamsConfig, stack.bootstrapServers(), topics,
                     Pipeline.serdes(streamsConfig, stack.registryUrl()), out);
             Publisher publisher = new Publisher(collectorConfig, stack.bootstrapServers(), stack.registryUrl(), dir.resolve("spool"))) {
            t0.mark("streams running");
            StartupTimeline.watchFirstProcessed(pipeline.streams(), ms -> t0.markAt("first input processed", ms));
            console.onFirstRecord(ms -> {
                firstProcessed.set(ms);
                startedUp(t0, ms, stop);
                started.countDown();
            });
            Thread consoleThread = new Thread(console, "demo-console");
            consoleThread.start();
            Thread metrics = attachPage(api, pipeline, feed, started, stop);
            t0.mark("page attached");
            printStack(stack, topics);
            out.println(Tables.SUMMARY_HEADER);
            long deadline = limit == null ? Long.MAX_VALUE : System.currentTimeMillis() + limit.toMillis();
            feedWaves(publisher, runTag, deadline, stop);
            started.countDown();
            metrics.join();
            if (stop.get()) {
                // Stopped by a signal: the embedded PostgreSQL stops in its own shutdown hook, so report what was seen.
                console.close();
                out.println("migscope demo: stopped. " + Tables.outcomeCounts(console.ended().values())
                        + "; the rows stay in PostgreSQL under " + dir.toAbsolutePath().resolve("postgres"));
                return;
            }
            out.println("migscope demo: stopping; waiting for the last summaries...");
            Thread.sleep(6_000);
            console.close();
            consoleThread.join(5_000);
            ResultsReport.print(stack.database().dataSource(), "live", profile + "-" + runTag, out);
        }
    }

    /** Waves of the demo fleet back to back, in real time (or faster), until the deadline or Ctrl-C. */
    private void feedWaves(Publisher publisher, String runTag, long deadline, AtomicBoolean stop)
            throws InterruptedException {
        Pacer pacer = Pacer.parse(speed);
        for (int wave = 1; !stop.get() && System.currentTimeMillis() < deadline; wave++) {
            long startUs = System.currentTimeMillis() * 1000L;
            SimulationSpec spec = fleet(seed + wave, startUs).toBuilder()
                    .wave(profile + "-" + runTag + "-w" + wave).build();
            out.printf("-- wave %d: %d VMs, %s%n", wave, spec.vms(), spec.wave());
            FleetSimulator sim = new FleetSimulator(spec);
            for (var it = sim.iterator(); it.hasNext() && !stop.get() && System.currentTimeMillis() < deadline; ) {
                SimulatedRecord r = it.next();
                pacer.await(r.timestampUs());
                publisher.publish(r.value());
            }
        }
        publisher.flush();
    }

    /** One wave of the chosen fleet; seed-002's guests report their own ms per GiB, which travel on vm-signals. */
    private SimulationSpec fleet(long waveSeed, long startUs) {
        return profile.equals("seed-002") ? SimulationSpec.seed002(waveSeed, startUs)
                : SimulationSpec.demo(waveSeed, startUs);
    }

    private void printStack(EmbeddedStack stack, TopicNames topics) {
        out.println("  kafka      " + stack.bootstrapServers());
        out.println("  registry   " + stack.registryUrl());
        out.println("  postgres   " + stack.database().jdbcUrl() + " (user " + stack.database().user() + ")");
        out.println("  topics     " + topics.prefix() + "*  (vm-signals, link-samples -> timelines, downtime, alerts,"
                + " summaries, rollups, waves, dead-letters)");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(40, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }
}
