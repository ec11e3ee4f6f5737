package io.migscope.app.bench;

import io.migscope.app.SendFailures;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.producers.publish.Publisher;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: the fleet's PingSample records, serialized once with the real serde, produced with the
 * collectors' producer settings (idempotent, acks=all, lz4, linger, 64 KiB batches) and consumed by a plain
 * consumer at the same time, with no processing. Seconds run from the first send to the last record consumed.
 */
final class KafkaBaseline {
    private KafkaBaseline() {
    }

    static BenchResult run(BenchStack bench, boolean quick) throws Exception {
        int vms = quick ? 500 : 10_000;
        double seconds = quick ? 10 : 30;
        var target = bench.target("kafka-baseline");
        TopicNames topics = target.topics();
        FleetLoad load = FleetLoad.generate(FleetLoad.spec(vms, System.currentTimeMillis() * 1000, 60_000_000),
                seconds, bench.serdes(), topics);
        long batches = java.util.stream.IntStream.range(0, load.size()).filter(load::isBatch).count();
        EmbeddedStack stack = bench.stack();
        HeapPeak.reset();
        SendFailures failures = new SendFailures();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Publisher.producerProperties(bench.config(), stack.bootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(stack.bootstrapServers()))) {
            consumer.subscribe(List.of(topics.signals()));
            consumer.poll(Duration.ofMillis(500));
            AtomicLong consumed = new AtomicLong();
            long t0 = System.nanoTime();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < load.size(); i++) {
                    if (load.isBatch(i)) {
                        producer.send(load.record(i), failures);
                    }
                }
                producer.flush();
            }, "bench-baseline-producer");
            sender.start();
            long deadline = System.currentTimeMillis() + 300_000;
            while (consumed.get() < batches && System.currentTimeMillis() < deadline) {
                consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            sender.join();
            failures.check("the baseline would be wrong");
            if (consumed.get() < batches) {
                throw new IllegalStateException("baseline consumed " + consumed.get() + " of " + batches);
            }
            return BenchResult.of("kafka-baseline", batches, elapsed)
                    .note(vms + " VMs' probe batches (" + load.pings() + " probes), produce+consume, no processing");
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
