package io.migscope.app.chaos;

import io.migscope.app.Pipeline;
import io.migscope.app.replay.ReplayRecord;
import io.migscope.app.SendFailures;
import io.migscope.app.SignalSender;
import io.migscope.avro.CaptureScope;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.Pacer;
import io.migscope.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the fixed input on its own topics, application id and run name: start the application, publish (paced,
 * so a disturbance lands mid-run, and through the same encoder as the collectors) while the scenario disturbs, end
 * each VM's capture, wait until everything is processed and written, and read the outputs back.
 */
final class ChaosRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final String CAPTURE_SOURCE = "chaos harness: the fixed run ends";

    /** What one run produced, with what the scenario injected and expects. */
    record Outcome(RunOutputs outputs, long recordsIn, long expectedDeadLetters, long expectedLate, List<String> notes,
                   String error) {
    }

    private ChaosRun() {
    }

    /**
     * @param scenario null for the clean run (published at full speed)
     * @param publish  how long publishing the input takes in a disturbed run
     */
    static Outcome run(EmbeddedStack stack, MigscopeConfig base, ChaosInput input, ChaosScenario scenario,
                       String label, Path workDir, boolean quick, Duration publish) throws Exception {
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        TopicNames topics = new TopicNames("chaos." + label + "." + tag + ".");
        MigscopeConfig config = base.with(Map.of(Keys.TOPICS_PREFIX.name(), topics.prefix()));
        Path runDir = Files.createDirectories(workDir.resolve(label + "-" + tag));
        Pipeline.Target target = new Pipeline.Target(stack.bootstrapServers(), stack.registryUrl(), topics,
                "migscope-chaos-" + label + "-" + tag, runDir.resolve("state"), stack.database().dataSource(),
                "chaos-" + label + "-" + tag);
        ChaosContext ctx = new ChaosContext(stack, config, target, input, quick, runDir);
        TopicAdmin.createAll(stack.bootstrapServers(), config);
        String error = null;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (AutoCloseable app = scenario == null ? ctx.startPipeline() : scenario.startApplication(ctx)) {
            ChaosScenario.Feed feed = scenario == null ? ChaosScenario.Feed.PRODUCER : scenario.feed();
            double speed = scenario == null ? 0 : speed(input, publish);
            Future<?> publishing = threads.submit(() -> {
                publish(ctx, feed, speed);
                return null;
            });
            Future<?> disturbing = threads.submit(() -> {
                if (scenario != null) {
                    scenario.disturb(ctx);
                }
                return null;
            });
            LOG.info("chaos {}: application running", label);
            error = failure("publishing", publishing);
            String disturbError = failure(label, disturbing);
            error = error == null ? disturbError : error;
            LOG.info("chaos {}: input published", label);
            if (!Settle.await(ctx)) {
                error = error == null ? "the outputs did not settle within " + Settle.LIMIT : error;
            }
            LOG.info("chaos {}: settled", label);
            RunOutputs outputs = OutputSnapshot.read(config, stack.bootstrapServers(), topics, ctx.serdes(),
                    target.database(), target.runName());
            return new Outcome(outputs, input.size() + ctx.injectedCount(), ctx.expectedDeadLetters(),
                    ctx.expectedLate(), ctx.notes(),
                    error);
        } finally {
            threads.shutdownNow();
            ctx.closeProducer();
        }
    }

    /** Event-time span over wall-clock time: the input takes about {@code publish} to hand on. */
    private static double speed(ChaosInput input, Duration publish) {
        double spanUs = input.lastTimeUs() - input.firstTimeUs();
        return Math.max(1.0, spanUs / (publish.toNanos() / 1000.0));
    }

    private static String failure(String what, Future<?> f) throws InterruptedException {
        try {
            f.get();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("chaos: {} failed", what, e.getCause());
            return what + " failed: " + e.getCause();
        }
    }

    private static void publish(ChaosContext ctx, ChaosScenario.Feed feed, double speed) throws Exception {
        Pacer pacer = speed > 0 ? Pacer.atSpeed(speed) : Pacer.max();
        try {
            if (feed == ChaosScenario.Feed.COLLECTOR) {
                viaCollector(ctx, pacer);
            } else {
                viaProducer(ctx, pacer);
            }
        } finally {
            ctx.publishingDone();
        }
    }

    private static void viaProducer(ChaosContext ctx, Pacer pacer) throws Exception {
        KafkaProducer<byte[], byte[]> producer = ctx.producer();
        SendFailures failures = new SendFailures();
        SignalSender sender = new SignalSender(producer, ctx.serdes(), ctx.target().topics(), failures);
        SignalEncoder encoder = new SignalEncoder();
        long n = 0;
        for (ReplayRecord r : ctx.input().records()) {
            pacer.await(r.timeUs());
            encoder.add(r.value(), r.timeUs()).forEach(sender::send);
            ctx.published(++n);
        }
        encoder.finish(CaptureScope.ALL, CAPTURE_SOURCE).forEach(sender::send);
        producer.flush();
        // A record the broker did not take fails the run: the comparison would blame the pipeline.
        failures.check("the chaos run's input would be incomplete");
    }

    /** Through the collectors' publisher and its spool; waits until the spool is drained. */
    private static void viaCollector(ChaosContext ctx, Pacer pacer) throws Exception {
        try (Publisher publisher = new Publisher(ctx.config(), ctx.stack().bootstrapServers(),
                ctx.stack().registryUrl(), ctx.runDir().resolve("spool"))) {
            long n = 0;
            java.util.Map<String, Long> latest = new java.util.LinkedHashMap<>();
            for (ReplayRecord r : ctx.input().records()) {
                pacer.await(r.timeUs());
                publisher.publish(r.value());
                if (!(r.value() instanceof LinkSample)) {
                    latest.merge(vmOf(r.value()), r.timeUs(), Math::max);
                }
                ctx.published(++n);
            }
            latest.forEach((vm, t) -> publisher.publishCaptureEnd(vm, t, CaptureScope.ALL, CAPTURE_SOURCE));
            ctx.publishingDone();
            if (!publisher.awaitDrained(Duration.ofMinutes(3))) {
                throw new IllegalStateException("the collector's spool did not drain: " + publisher.counters());
            }
            Publisher.Counters c = publisher.counters();
            ctx.note("collector publisher: " + c);
            if (c.dropped() > 0) {
                throw new IllegalStateException("the collector dropped " + c.dropped() + " records: " + c);
            }
        }
    }

    private static String vmOf(org.apache.avro.specific.SpecificRecord v) {
        return v instanceof MigrationEvent e ? e.getVm() : ((PingSample) v).getVm();
    }
}
