package io.migscope.app.replay;

import io.migscope.app.Pipeline;
import io.migscope.app.ProgressBars;
import io.migscope.avro.PingSample;
import io.migscope.avro.PingStatus;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.TopicAdmin;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.Pacer;
import io.migscope.streams.TopologySerdes;
import io.migscope.streams.correlate.Watermarks;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One replay of a recorded run on a running broker, registry and database: the pipeline on the run's own topics,
 * application id and run name; the merged records published with their event times at the requested speed; then a
 * watermark on every partition so every due summary is written in stream time; then the outputs read back.
 */
public final class ReplayRun {
    /** Stop waiting for outputs after this long without a new one once everything was processed. */
    private static final long QUIET_MS = 3_000;
    private static final long WAIT_LIMIT_MS = 180_000;

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

    private static final io.migscope.app.SendFailures FAILURES = new io.migscope.app.SendFailures();

    private ReplayRun() {
    }

    public static ReplayOutputs run(MigscopeConfig base, RunManifest manifest, RunInputs inputs, Names names,
                                    Settings s) throws Exception {
        MigscopeConfig config = base.with(Map.of(Keys.TOPICS_PREFIX.name(), names.topics().prefix()));
        Pipeline.Target target = new Pipeline.Target(s.bootstrapServers(), s.registryUrl(), names.topics(),
                names.applicationId(), s.stateDir(), s.database(), names.runName());
        // The records keep their original, possibly weeks-old, timestamps: time retention would delete them at the
        // broker's next retention check, perhaps before the pipeline has read them.
        TopicAdmin.createAll(s.bootstrapServers(), config, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        TopologySerdes serdes = Pipeline.serdes(config, s.registryUrl());
        ReplayOutputs outputs = new ReplayOutputs();
        try (Pipeline pipeline = Pipeline.start(config, target);
             OutputReader reader = OutputReader.start(config, s.bootstrapServers(), names.topics(), serdes, outputs);
             Admin admin = Admin.create(config.kafkaProperties(s.bootstrapServers()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(config, s.bootstrapServers()));
             ProgressBar bar = ProgressBars.create("replay", inputs.records().size(), s.progress())) {
            Progress progress = new Progress(admin, names, bar);
            publish(producer, serdes, names.topics(), inputs.records(), Pacer.parse(s.speed()), progress);
            publishWatermarks(producer, serdes, names.topics(), admin, watermarkUs(config, inputs));
            producer.flush();
            awaitOutputs(outputs, progress, inputs.records().size());
            reader.close();
        }
        return outputs;
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, TopologySerdes serdes, TopicNames topics,
                                List<ReplayRecord> records, Pacer pacer, Progress progress) throws Exception {
        long published = 0;
        for (ReplayRecord r : records) {
            pacer.await(r.timeUs());
            producer.send(record(serdes, topics, r.value(), r.timeUs(), null), FAILURES);
            if (++published % 2_000 == 0) {
                progress.update(published);
            }
        }
        producer.flush();
        progress.update(published);
        FAILURES.check("the replay would be incomplete");
    }

    /** Probes and events carry the original event time as the Kafka timestamp too (milliseconds). */
    public static ProducerRecord<byte[], byte[]> record(TopologySerdes serdes, TopicNames topics, SpecificRecord v,
                                                 long timeUs, Integer partition) {
        long ms = timeUs / 1000;
        if (v instanceof io.migscope.avro.MigrationEvent e) {
            return new ProducerRecord<>(topics.events(), partition, ms, bytes(e.getVm()),
                    serdes.events().serializer().serialize(topics.events(), e));
        }
        if (v instanceof PingSample p) {
            return new ProducerRecord<>(topics.pings(), partition, ms, bytes(p.getVm()),
                    serdes.pings().serializer().serialize(topics.pings(), p));
        }
        io.migscope.avro.LinkSample l = (io.migscope.avro.LinkSample) v;
        return new ProducerRecord<>(topics.links(), partition, ms, bytes(Publisher.linkKey(l)),
                serdes.links().serializer().serialize(topics.links(), l));
    }

    /** After the last record, past its recovery window and the grace period: every migration is then due. */
    static long watermarkUs(MigscopeConfig config, RunInputs inputs) {
        return watermarkUs(config, inputs.lastTimeUs());
    }

    /** As above, after a last record stamped {@code lastTimeUs}. */
    public static long watermarkUs(MigscopeConfig config, long lastTimeUs) {
        return lastTimeUs + config.getDuration(Keys.RECOVERY_WINDOW).toNanos() / 1000
                + config.getDuration(Keys.GRACE).toNanos() / 1000 + 1_000_000L;
    }

    /** One watermark probe per partition of the probe topic, keyed so the partitioner puts it there. */
    public static void publishWatermarks(KafkaProducer<byte[], byte[]> producer, TopologySerdes serdes,
                                          TopicNames topics, Admin admin, long atUs) throws Exception {
        int partitions = admin.describeTopics(List.of(topics.pings())).allTopicNames().get()
                .get(topics.pings()).partitions().size();
        for (int p = 0; p < partitions; p++) {
            String vm = watermarkKey(p, partitions);
            PingSample w = PingSample.newBuilder().setVm(vm).setTarget("0.0.0.0").setSeq(0).setSeqRaw(0)
                    .setSentTimeUs(atUs).setObservedTimeUs(atUs).setStatus(PingStatus.REPLY).build();
            producer.send(record(serdes, topics, w, atUs, null), FAILURES);
        }
    }

    /** The first {@code __watermark-N} key that the default partitioner (murmur2 of the key) sends to partition p. */
    static String watermarkKey(int partition, int partitions) {
        for (int n = 0; ; n++) {
            String key = Watermarks.PREFIX + "-" + n;
            if (Utils.toPositive(Utils.murmur2(bytes(key))) % partitions == partition) {
                return key;
            }
        }
    }

    private static void awaitOutputs(ReplayOutputs outputs, Progress progress, long total) throws Exception {
        long start = System.currentTimeMillis();
        long lastChange = start;
        int lastSize = -1;
        while (System.currentTimeMillis() - start < WAIT_LIMIT_MS) {
            long processed = progress.refresh();
            int size = outputs.size();
            if (size != lastSize) {
                lastSize = size;
                lastChange = System.currentTimeMillis();
            }
            boolean caughtUp = processed >= total && outputs.awaitingSummary() == 0;
            if (caughtUp && System.currentTimeMillis() - lastChange >= QUIET_MS) {
                return;
            }
            Thread.sleep(250);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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

    /** Published versus processed: the streams application's committed offsets on the three input topics. */
    private static final class Progress {
        private final Admin admin;
        private final Names names;
        private final ProgressBar bar;
        private long published;
        private long lastRefreshMs;

        Progress(Admin admin, Names names, ProgressBar bar) {
            this.admin = admin;
            this.names = names;
            this.bar = bar;
        }

        void update(long publishedCount) throws Exception {
            published = publishedCount;
            if (System.currentTimeMillis() - lastRefreshMs > 500) {
                refresh();
            }
        }

        long refresh() throws Exception {
            lastRefreshMs = System.currentTimeMillis();
            long processed = processed();
            bar.stepTo(Math.min(processed, bar.getMax()));
            bar.setExtraMessage(" published " + published);
            return processed;
        }

        /** Committed input offsets of the streams application, at most what was published (not the watermarks). */
        private long processed() throws Exception {
            return Math.min(io.migscope.app.CommittedInputs.count(admin, names.applicationId(), names.topics()),
                    Math.max(published, 0));
        }
    }
}
