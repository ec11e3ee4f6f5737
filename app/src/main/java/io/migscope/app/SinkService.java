package io.migscope.app;

import io.migscope.config.BrokerCheck;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.sink.ProducerDeadLetterSink;
import io.migscope.sink.SchemaMigrator;
import io.migscope.sink.SinkDeserializers;
import io.migscope.sink.SinkRunner;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The PostgreSQL sink as a running service: migrates the schema with Flyway, then consumes the output topics
 * (committed records only) on its own thread, writing each poll in one transaction and committing offsets after it.
 */
public final class SinkService implements AutoCloseable {
    private final SinkRunner runner;
    private final Thread thread;
    private final KafkaProducer<byte[], byte[]> deadLetters;

    private SinkService(SinkRunner runner, KafkaProducer<byte[], byte[]> deadLetters) {
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.thread = new Thread(runner, "migscope-sink");
    }

    /**
     * @param group   the consumer group; offsets are committed only after the database commit
     * @param runName written into every row, so replays and the live fleet never mix
     */
    public static SinkService start(MigscopeConfig config, String bootstrapServers, TopicNames topics,
                                    TopologySerdes serdes, DataSource database, String group, String runName) {
        BrokerCheck.verify(config.kafkaProperties(bootstrapServers));
        new SchemaMigrator(database).migrate();
        KafkaProducer<byte[], byte[]> dlq = new KafkaProducer<>(producerProps(config, bootstrapServers));
        SinkRunner runner = new SinkRunner(new KafkaConsumer<>(consumerProps(config, bootstrapServers, group)), topics,
                deserializers(serdes), database, runName,
                new ProducerDeadLetterSink(dlq, topics.deadLetters(), serdes.deadLetters().serializer()));
        SinkService s = new SinkService(runner, dlq);
        s.thread.start();
        return s;
    }

    public SinkRunner runner() {
        return runner;
    }

    /** Waits until the sink thread ends (it runs until closed). */
    public void join() throws InterruptedException {
        thread.join();
    }

    private static SinkDeserializers deserializers(TopologySerdes s) {
        return new SinkDeserializers(s.summaries().deserializer(), s.timelines().deserializer(),
                s.downtime().deserializer(), s.rollups().deserializer(), s.alerts().deserializer(),
                s.waves().deserializer());
    }

    private static Properties consumerProps(MigscopeConfig config, String bootstrap, String group) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The streams app writes transactionally: the sink must only see committed outputs.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(Keys.SINK_BATCH));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    private static Properties producerProps(MigscopeConfig config, String bootstrap) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    @Override
    public void close() {
        runner.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close(Duration.ofSeconds(5));
    }
}
