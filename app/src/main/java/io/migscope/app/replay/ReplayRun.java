package io.migscope.app.replay;

import io.migscope.app.Pipeline;
import io.migscope.app.ProgressBars;
import io.migscope.app.SendFailures;
import io.migscope.app.SignalSender;
import io.migscope.avro.CaptureScope;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.Pacer;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One replay of a recorded run on a running broker, registry and database: the pipeline on the run's own topics,
 * application id and run name; the merged records published in event-time order through the same encoder as the
 * collectors (events at once, probes in batches), then one capture end per VM; then the outputs read back once the
 * run is complete ({@link ReplayCompletion}). A run that cannot complete fails, saying how far it got.
 */
public final class ReplayRun {
    /** At most this long between two published records at a finite speed (quiet gaps are shortened). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(2);

    /** Where to run, and how fast. */
    public record Settings(String bootstrapServers, String registryUrl, DataSource database, Path stateDir,
                           String speed, boolean progress) {
    }

    /** The run's own names: nothing reaches the live topics, application or rows. */
    public record Names(TopicNames topics, String applicationId, String runName) {
        /** A fresh prefix per invocation (the tag is not in any output), so a second replay starts from nothing. */
        public static Names of(RunManifest m, String tag) {
            return new Names(new TopicNames("replay." + m.name() + "." + tag + "."),
                    "migscope-replay-" + m.name() + "-" + tag, m.name());
        }
    }

    private ReplayRun() {
    }

    public static ReplayOutputs run(MigscopeConfig base, RunManifest manifest, RunInputs inputs, Names names,
                                    Settings s) throws Exception {
        // The run's own hosts join the configured inventory; an address both claim for different hosts fails here.
        Map<String, String> overrides = new TreeMap<>(manifest.hostKeys());
        overrides.put(Keys.TOPICS_PREFIX.name(), names.topics().prefix());
        MigscopeConfig config = base.with(overrides);
        Pipeline.Target target = new Pipeline.Target(s.bootstrapServers(), s.registryUrl(), names.topics(),
                names.applicationId(), s.stateDir(), s.database(), names.runName());
        // The records keep their original, possibly weeks-old, timestamps: time retention would delete them at the
        // broker's next retention check, perhaps before the pipeline has read them.
        TopicAdmin.createAll(s.bootstrapServers(), config, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        TopologySerdes serdes = Pipeline.serdes(config, s.registryUrl());
        ReplayOutputs outputs = new ReplayOutputs();
        SendFailures failures = new SendFailures();
        try (Pipeline pipeline = Pipeline.start(config, target);
             OutputReader reader = OutputReader.start(config, s.bootstrapServers(), names.topics(), serdes, outputs);
             Admin admin = Admin.create(config.kafkaProperties(s.bootstrapServers()));
             ReplayCompletion completion = new ReplayCompletion(admin, config, s.bootstrapServers(),
                     names.applicationId(), names.topics());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(config, s.bootstrapServers()));
             ProgressBar bar = ProgressBars.create("replay", inputs.records().size(), s.progress())) {
            SignalSender sender = new SignalSender(producer, serdes, names.topics(), failures);
            publish(sender, inputs, Pacer.parse(s.speed()).withMaxWait(MAX_WAIT), "replay of run " + manifest.name(), bar);
            producer.flush();
            failures.check("the replay would be incomplete");
            completion.published();
            completion.await(outputs, reader, () -> bar.setExtraMessage(" processing"));
            bar.stepTo(bar.getMax());
        }
        return outputs;
    }

    /** Every record, paced, through the encoder; then the batches still open and one capture end per VM. */
    public static void publish(SignalSender sender, RunInputs inputs, Pacer pacer, String source, ProgressBar bar)
            throws InterruptedException {
        SignalEncoder encoder = new SignalEncoder();
        long n = 0;
        for (ReplayRecord r : inputs.records()) {
            pacer.await(r.timeUs());
            encoder.add(r.value(), r.timeUs()).forEach(sender::send);
            if (++n % 2_000 == 0) {
                bar.stepTo(n);
            }
        }
        encoder.finish(CaptureScope.ALL, source).forEach(sender::send);
        bar.stepTo(n);
    }

    /** A producer that rides out a broker restart without losing or reordering records. */
    public static Properties producerProps(MigscopeConfig config, String bootstrap) {
        Properties p = Publisher.producerProperties(config, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // A replay must not lose records to timeouts: the broker is local or the user's, and order matters.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        // One batch in flight per partition: a retried batch can never overtake or re-sequence a later one.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        return p;
    }
}
