package io.migscope.app;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.TopicAdmin;
import io.migscope.serde.SerdeFactory;
import io.migscope.sink.ProducerDeadLetterSink;
import io.migscope.sink.SchemaMigrator;
import io.migscope.sink.SinkDeserializers;
import io.migscope.sink.SinkRunner;
import io.migscope.streams.CorrelationSettings;
import io.migscope.streams.MigscopeTopology;
import io.migscope.streams.StreamsProps;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline behind {@code demo}, {@code replay} and {@code bench}: topics, the Kafka Streams
 * application and the PostgreSQL sink, wired from one configuration.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final KafkaStreams streams;
    private final SinkRunner sink;
    private final Thread sinkThread;
    private final KafkaProducer<byte[], byte[]> deadLetterProducer;

    /** Where the pipeline runs, and under which names, so a replay never touches the live topics or rows. */
    public record Target(String bootstrapServers, String registryUrl, TopicNames topics, String applicationId,
                         Path stateDir, DataSource database, String runName) {
    }

    private Pipeline(KafkaStreams streams, SinkRunner sink, KafkaProducer<byte[], byte[]> deadLetterProducer) {
        this.streams = streams;
        this.sink = sink;
        this.deadLetterProducer = deadLetterProducer;
        this.sinkThread = sink == null ? null : new Thread(sink, "migscope-sink");
    }

    /** Creates the topics, migrates the database schema, and starts the streams application and the sink. */
    public static Pipeline start(MigscopeConfig config, Target target) {
        TopicAdmin.createAll(target.bootstrapServers(), config.with(java.util.Map.of(
                Keys.TOPICS_PREFIX.name(), target.topics().prefix())));
        TopologySerdes serdes = serdes(config, target.registryUrl());
        Properties props = StreamsProps.build(config, target.bootstrapServers(), target.applicationId(),
                target.stateDir(), target.topics(), serdes.deadLetters().serializer());
        Topology topology = MigscopeTopology.build(props, target.topics(), serdes, CorrelationSettings.from(config));
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("streams thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        SinkRunner sink = null;
        KafkaProducer<byte[], byte[]> dlq = null;
        if (target.database() != null) {
            new SchemaMigrator(target.database()).migrate();
            dlq = new KafkaProducer<>(producerProps(config, target.bootstrapServers()));
            sink = new SinkRunner(new KafkaConsumer<>(sinkConsumerProps(config, target)), target.topics(),
                    sinkDeserializers(serdes), target.database(), target.runName(),
                    new ProducerDeadLetterSink(dlq, target.topics().deadLetters(), serdes.deadLetters().serializer()));
        }
        Pipeline p = new Pipeline(streams, sink, dlq);
        streams.start();
        if (p.sinkThread != null) {
            p.sinkThread.start();
        }
        return p;
    }

    /** The registry-backed (or Confluent) serdes for every record type. */
    public static TopologySerdes serdes(MigscopeConfig config, String registryUrl) {
        return TopologySerdes.from(new TopologySerdes.Factory() {
            @Override
            public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                return SerdeFactory.valueSerde(config, registryUrl, type);
            }
        });
    }

    public KafkaStreams streams() {
        return streams;
    }

    public SinkRunner sink() {
        return sink;
    }

    private static SinkDeserializers sinkDeserializers(TopologySerdes s) {
        return new SinkDeserializers(s.summaries().deserializer(), s.timelines().deserializer(),
                s.downtime().deserializer(), s.rollups().deserializer(), s.alerts().deserializer(),
                s.waves().deserializer());
    }

    private static Properties sinkConsumerProps(MigscopeConfig config, Target target) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, target.applicationId() + "-sink");
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
        if (sink != null) {
            sink.close();
            try {
                sinkThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close(Duration.ofSeconds(15));
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
        }
    }
}
