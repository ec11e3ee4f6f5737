package io.migscope.app.replay;

import io.migscope.config.MigscopeConfig;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a replay's summaries, timelines and alerts (committed only) into {@link ReplayOutputs} on its own thread. */
final class OutputReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicNames topics;
    private final TopologySerdes serdes;
    private final ReplayOutputs outputs;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Each assigned partition's position after the last poll, for the reader thread's progress. */
    private final java.util.concurrent.ConcurrentHashMap<org.apache.kafka.common.TopicPartition, Long> positions =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;

    private OutputReader(KafkaConsumer<byte[], byte[]> consumer, TopicNames topics, TopologySerdes serdes,
                         ReplayOutputs outputs) {
        this.consumer = consumer;
        this.topics = topics;
        this.serdes = serdes;
        this.outputs = outputs;
        this.thread = new Thread(this::run, "replay-outputs");
    }

    static OutputReader start(MigscopeConfig config, String bootstrap, TopicNames topics, TopologySerdes serdes,
                              ReplayOutputs outputs) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "outputs");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The streams application writes in transactions: only committed results count.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        OutputReader r = new OutputReader(new KafkaConsumer<>(p), topics, serdes, outputs);
        r.consumer.subscribe(r.topics());
        r.thread.start();
        return r;
    }

    private void run() {
        try {
            while (!closed.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read(r);
                }
                for (org.apache.kafka.common.TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, consumer.position(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(topics.summaries())) {
                outputs.add(serdes.summaries().deserializer().deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(topics.timelines())) {
                outputs.add(serdes.timelines().deserializer().deserialize(r.topic(), r.value()));
            } else {
                outputs.add(serdes.alerts().deserializer().deserialize(r.topic(), r.value()));
            }
        } catch (RuntimeException e) {
            LOG.error("{}-{}@{}: cannot read an output record: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    List<String> topics() {
        return List.of(topics.summaries(), topics.timelines(), topics.alerts());
    }

    /** Whether every partition's position has reached its end (the last committed output). */
    boolean hasRead(java.util.Map<org.apache.kafka.common.TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            Long at = positions.get(e.getKey());
            if (e.getValue() > 0 && (at == null || at < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
