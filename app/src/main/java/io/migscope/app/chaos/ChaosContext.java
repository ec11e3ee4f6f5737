package io.migscope.app.chaos;

import io.migscope.app.Pipeline;
import io.migscope.app.replay.ReplayRun;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.streams.TopologySerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scenario gets while it disturbs one run: the embedded stack, the run's names and configuration, the
 * publishing progress to time the disturbance by, and ways to inject records and declare what it expects.
 */
public final class ChaosContext {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosContext.class);

    private final EmbeddedStack stack;
    private final MigscopeConfig config;
    private final Pipeline.Target target;
    private final ChaosInput input;
    private final boolean quick;
    private final Path runDir;
    private final TopologySerdes serdes;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong expectedDeadLetters = new AtomicLong();
    private final AtomicLong expectedLate = new AtomicLong();
    private final List<String> notes = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Random random;
    private volatile boolean publishingDone;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile Pipeline pipeline;

    ChaosContext(EmbeddedStack stack, MigscopeConfig config, Pipeline.Target target, ChaosInput input, boolean quick,
                 Path runDir) {
        this.stack = stack;
        this.config = config;
        this.target = target;
        this.input = input;
        this.quick = quick;
        this.runDir = runDir;
        this.serdes = Pipeline.serdes(config, stack.registryUrl());
        this.random = new Random(ChaosInput.SEED);
    }

    public EmbeddedStack stack() {
        return stack;
    }

    /** The configuration of this run ({@code topics.prefix} is the run's own). */
    public MigscopeConfig config() {
        return config;
    }

    /** Bootstrap servers, registry, topics, application id, state directory, database and run name of this run. */
    public Pipeline.Target target() {
        return target;
    }

    public ChaosInput input() {
        return input;
    }

    public boolean quick() {
        return quick;
    }

    /** A directory of this run's own (spools, process logs). */
    public Path runDir() {
        return runDir;
    }

    public TopologySerdes serdes() {
        return serdes;
    }

    /** Seeded, so a scenario's random choices are the same on every run. */
    public Random random() {
        return random;
    }

    /** How long an outage lasts: 30 s, or 5 s with {@code --quick}. */
    public Duration outage() {
        return quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
    }

    /** The in-process pipeline (streams and sink) on this run's names: what the clean run uses. */
    public Pipeline startPipeline() {
        pipeline = Pipeline.start(config, target);
        return pipeline;
    }

    /**
     * The PostgreSQL sink alone, in-process, for a scenario that runs the streams application elsewhere (a process).
     * Its consumer group is {@code applicationId + "-sink"}, which is what the harness watches to know it is done.
     */
    public io.migscope.app.SinkService startSink() {
        return io.migscope.app.SinkService.start(config, target.bootstrapServers(), target.topics(), serdes,
                target.database(), target.applicationId() + "-sink", target.runName());
    }

    /** The pipeline {@link #startPipeline()} started, or null when the scenario runs the application otherwise. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** Input records handed to the broker (or the collector's publisher) so far. */
    public long published() {
        return published.get();
    }

    /** Blocks until this share (0..1) of the input has been handed on. */
    public void awaitPublished(double fraction) throws InterruptedException {
        long goal = (long) Math.ceil(fraction * input.size());
        while (published.get() < goal && !publishingDone) {
            Thread.sleep(10);
        }
    }

    /** Records what the scenario did, with the time since the run began; it goes into the report. */
    public synchronized void note(String what) {
        String line = String.format(java.util.Locale.ROOT, "+%.1fs %s", (System.nanoTime() - startNanos) / 1e9, what);
        LOG.info("chaos: {}", line);
        notes.add(line);
    }

    /** A raw producer for injected bytes (wire-format Avro or garbage), riding out broker restarts. */
    public synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(ReplayRun.producerProps(config, stack.bootstrapServers()));
        }
        return producer;
    }

    /** Counts records the scenario put onto the input topics (or fed to a parser) on top of the run's input. */
    public void injected(long n) {
        injected.addAndGet(n);
    }

    /** Declares that n of the injected records must end in the dead-letter topic. */
    public void expectDeadLetters(long n) {
        expectedDeadLetters.addAndGet(n);
    }

    void published(long n) {
        published.set(n);
    }

    void publishingDone() {
        publishingDone = true;
    }

    long injectedCount() {
        return injected.get();
    }

    /** Of the expected dead letters, how many are records injected later than the grace period. */
    public void expectLate(long n) {
        expectedLate.addAndGet(n);
    }

    long expectedLate() {
        return expectedLate.get();
    }

    long expectedDeadLetters() {
        return expectedDeadLetters.get();
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    synchronized void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
