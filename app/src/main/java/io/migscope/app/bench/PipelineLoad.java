package io.migscope.app.bench;

import io.migscope.app.CommittedInputs;
import io.migscope.app.Pipeline;
import io.migscope.app.SendFailures;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.Pacer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole pipeline ({@code migscope streams} in its own JVM: every topology under exactly_once_v2, and the
 * PostgreSQL sink) on a scenario's own topics, fed by a producer with the collectors' settings, and how many input
 * records Streams has processed so far.
 */
final class PipelineLoad implements AutoCloseable {
    /** No input record processed for this long: the pipeline is stuck, whatever the load's size. */
    static final Duration STALL = Duration.ofSeconds(120);

    private final Pipeline.Target target;
    private final StreamsJvm streams;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SendFailures failures = new SendFailures();

    private PipelineLoad(Pipeline.Target target, StreamsJvm streams, Admin admin,
                         KafkaProducer<byte[], byte[]> producer) {
        this.target = target;
        this.streams = streams;
        this.admin = admin;
        this.producer = producer;
    }

    static PipelineLoad start(BenchStack bench, String scenario, List<String> jvmOptions) throws Exception {
        Pipeline.Target target = bench.target(scenario);
        MigscopeConfig config = bench.config().with(Map.of(Keys.TOPICS_PREFIX.name(), target.topics().prefix()));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        StreamsJvm streams = StreamsJvm.start(config, target, bench.stack().database(), bench.scenarioDir(scenario),
                jvmOptions);
        return new PipelineLoad(target, streams, Admin.create(admin),
                new KafkaProducer<>(producerProperties(config, target.bootstrapServers())));
    }

    /**
     * The collectors' producer (idempotent, acks=all, lz4, linger 20 ms, 64 KiB batches) with patient timeouts: a
     * collector spools after seconds, a benchmark pushing as fast as it can must wait for the broker instead.
     */
    static Properties producerProperties(MigscopeConfig config, String bootstrap) {
        Properties p = Publisher.producerProperties(config, bootstrap);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return p;
    }

    Pipeline.Target target() {
        return target;
    }

    StreamsJvm streams() {
        return streams;
    }

    /**
     * Sends the records at the pacer's speed (by their Kafka timestamps), telling {@code acked} the index of each
     * record the broker took, from the producer's I/O thread.
     */
    void send(FleetLoad fleet, Pacer pacer, IntConsumer acked) throws InterruptedException {
        for (int i = 0; i < fleet.size(); i++) {
            ProducerRecord<byte[], byte[]> r = fleet.record(i);
            pacer.await(r.timestamp() * 1000);
            int index = i;
            producer.send(r, (metadata, e) -> {
                failures.onCompletion(metadata, e);
                if (e == null) {
                    acked.accept(index);
                }
            });
        }
        producer.flush();
        failures.check("the figure would be wrong");
    }

    /** Input records Streams has consumed and processed (committed offsets under exactly_once_v2). */
    long processed() throws Exception {
        return CommittedInputs.count(admin, target.applicationId(), target.topics());
    }

    /**
     * Polls the committed offsets until {@code total} records are processed and returns System.nanoTime() then;
     * fails, saying how far Streams got, once nothing moves for {@link #STALL} or the streams JVM is gone.
     */
    long awaitProcessed(long total) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long done = processed();
            if (done >= total) {
                return System.nanoTime();
            }
            if (done != last) {
                last = done;
                lastChange = System.nanoTime();
            } else if (!streams.isAlive() || System.nanoTime() - lastChange > STALL.toNanos()) {
                throw new BenchFailure("Streams processed " + done + " of " + total + " input records, then "
                        + (streams.isAlive() ? "nothing for " + STALL.toSeconds() + " s" : "its JVM exited")
                        + "; missing: " + (total - done) + " records; the streams JVM's last output:\n"
                        + streams.tail());
            }
            Thread.sleep(50);
        }
    }

    /** End offsets a read_committed consumer of {@code topic} can reach now (each partition's last stable offset). */
    Map<TopicPartition, Long> committedEnds(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Stops the streams JVM and reads its heap; call once the load is processed. */
    GcLog.Heap stopStreams() throws Exception {
        return streams.stop();
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        streams.close();
    }
}
