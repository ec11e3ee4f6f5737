package io.migscope.app.bench;

import io.migscope.app.SendFailures;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: exactly the records {@code ingest} sends (the same fleet through the collectors' encoder: events,
 * probe batches of about a second per VM, link samples, serialized once with the real serde), produced with the
 * same producer settings and consumed by a plain consumer at the same time, with no processing. Seconds run from
 * the first send to the last record consumed.
 */
final class KafkaBaseline {
    private KafkaBaseline() {
    }

    static BenchResult run(BenchStack bench, boolean quick) throws Exception {
        int vms = IngestBench.vms(quick);
        double seconds = IngestBench.fleetSeconds(quick);
        var target = bench.target("kafka-baseline");
        TopicNames topics = target.topics();
        FleetLoad load = IngestBench.fleet(vms, seconds, bench, topics);
        HeapPeak.reset();
        SendFailures failures = new SendFailures();
        AtomicReference<Throwable> sendError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                PipelineLoad.producerProperties(bench.config(), target.bootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(target.bootstrapServers()))) {
            consumer.subscribe(load.topics());
            awaitAssignment(consumer);
            long t0 = System.nanoTime();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < load.size(); i++) {
                        producer.send(load.record(i), failures);
                    }
                    producer.flush();
                } catch (RuntimeException e) {
                    sendError.set(e);
                }
            }, "bench-baseline-producer");
            sender.start();
            long consumed = consume(consumer, load.size(), sender, sendError);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            sender.join();
            failures.check("the baseline would be wrong");
            if (consumed < load.size()) {
                throw new BenchFailure("kafka-baseline consumed " + consumed + " of " + load.size() + " records");
            }
            return BenchResult.of("kafka-baseline", load.size(), load.samples(), elapsed)
                    .note(vms + " VMs at 10 Hz, " + (long) seconds + " s of fleet time, the ingest records"
                            + " (probe batches, events, link samples): produce + consume, no processing");
        }
    }

    /** Reads until {@code total} records are in; fails once nothing arrives for the stall time. */
    private static long consume(KafkaConsumer<byte[], byte[]> consumer, long total, Thread sender,
                                AtomicReference<Throwable> sendError) {
        long consumed = 0;
        long lastChange = System.nanoTime();
        while (consumed < total) {
            int n = consumer.poll(Duration.ofMillis(100)).count();
            consumed += n;
            if (n > 0) {
                lastChange = System.nanoTime();
            } else if (sendError.get() != null || System.nanoTime() - lastChange > PipelineLoad.STALL.toNanos()) {
                throw new BenchFailure("kafka-baseline consumed " + consumed + " of " + total + " records, then "
                        + (sendError.get() != null ? "the producer failed: " + sendError.get()
                        : "nothing for " + PipelineLoad.STALL.toSeconds() + " s (producer "
                        + (sender.isAlive() ? "still sending" : "done") + ")"));
            }
        }
        return consumed;
    }

    /** The clock must not run while the consumer is still joining its group. */
    static void awaitAssignment(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("a consumer got no partitions of " + consumer.subscription() + " in 60 s");
            }
            consumer.poll(Duration.ofMillis(100));
        }
    }

    static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
