package io.migscope.app.bench;

import io.migscope.app.CommittedInputs;
import io.migscope.app.Pipeline;
import io.migscope.app.SendFailures;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.Pacer;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole pipeline (every topology under exactly_once_v2, and the PostgreSQL sink) on a scenario's own topics,
 * fed by a producer with the collectors' settings, and how many input records Streams has processed so far.
 */
final class PipelineLoad implements AutoCloseable {
    private static final long WAIT_LIMIT_MS = 600_000;

    private final Pipeline.Target target;
    private final Pipeline pipeline;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SendFailures failures = new SendFailures();

    private PipelineLoad(Pipeline.Target target, Pipeline pipeline, Admin admin, KafkaProducer<byte[], byte[]> producer) {
        this.target = target;
        this.pipeline = pipeline;
        this.admin = admin;
        this.producer = producer;
    }

    static PipelineLoad start(BenchStack bench, String scenario) throws Exception {
        Pipeline.Target target = bench.target(scenario);
        MigscopeConfig config = bench.config().with(Map.of(Keys.TOPICS_PREFIX.name(), target.topics().prefix()));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        Pipeline pipeline = Pipeline.start(config, target);
        return new PipelineLoad(target, pipeline, Admin.create(admin),
                new KafkaProducer<>(Publisher.producerProperties(config, target.bootstrapServers())));
    }

    Pipeline.Target target() {
        return target;
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

    /** Polls the committed offsets until {@code total} records are processed; returns System.nanoTime() then. */
    long awaitProcessed(long total) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MS;
        while (processed() < total) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Streams processed " + processed() + " of " + total + " records in "
                        + WAIT_LIMIT_MS / 1000 + " s");
            }
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    /** Heap in use after a full collection, MB: what a data set held in memory costs. */
    static double retainedHeapMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        pipeline.close();
    }
}
