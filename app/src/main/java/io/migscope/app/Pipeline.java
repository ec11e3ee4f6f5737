package io.migscope.app;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.TopicAdmin;
import io.migscope.embedded.security.ComponentAcls;
import io.migscope.serde.SerdeFactory;
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
    private final SinkService sink;

    /** Where the pipeline runs, and under which names, so a replay never touches the live topics or rows. */
    public record Target(String bootstrapServers, String registryUrl, TopicNames topics, String applicationId,
                         Path stateDir, DataSource database, String runName) {
    }

    private Pipeline(KafkaStreams streams, SinkService sink) {
        this.streams = streams;
        this.sink = sink;
    }

    /** Creates the topics, migrates the database schema, and starts the streams application and the sink. */
    public static Pipeline start(MigscopeConfig config, Target target) {
        return start(config, target, null);
    }

    /**
     * As {@link #start(MigscopeConfig, Target)}, announcing {@code applicationServer} (host:port of this instance's
     * HTTP API) in the Streams metadata, so other instances can route interactive queries to it.
     */
    public static Pipeline start(MigscopeConfig config, Target target, String applicationServer) {
        return start(config, target, applicationServer, config);
    }

    /**
     * As {@link #start(MigscopeConfig, Target, String)}, the sink with its own configuration: on a secured cluster
     * the sink runs as its own user ({@code kafka.sasl.jaas.config}), with its own ACLs.
     */
    public static Pipeline start(MigscopeConfig config, Target target, String applicationServer, MigscopeConfig sinkConfig) {
        TopicAdmin.createAll(target.bootstrapServers(), config.with(java.util.Map.of(
                Keys.TOPICS_PREFIX.name(), target.topics().prefix())));
        TopologySerdes serdes = serdes(config, target.registryUrl());
        Properties props = StreamsProps.build(config, target.bootstrapServers(), target.applicationId(),
                target.stateDir(), target.topics(), serdes.deadLetters().serializer());
        if (applicationServer != null) {
            props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        Topology topology = MigscopeTopology.build(props, target.topics(), serdes, CorrelationSettings.from(config));
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("streams thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        SinkService sink = startSink(sinkConfig, target, serdes);
        try {
            awaitRunning(streams);
        } catch (RuntimeException e) {
            if (sink != null) {
                sink.close();
            }
            throw e;
        }
        return new Pipeline(streams, sink);
    }

    /**
     * The sink has a consumer group of its own and reads only committed outputs, so it starts while Kafka Streams
     * still rebalances: its schema check and group join overlap the rebalance instead of following it.
     */
    private static SinkService startSink(MigscopeConfig sinkConfig, Target target, TopologySerdes serdes) {
        return target.database() == null ? null : SinkService.start(sinkConfig, target.bootstrapServers(),
                target.topics(), serdes, target.database(), ComponentAcls.sinkGroup(target.applicationId()), target.runName());
    }

    /** Returns once every task is assigned, so the caller's clock starts with a running application. */
    private static void awaitRunning(KafkaStreams streams) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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

    public SinkService sink() {
        return sink;
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
        // Leave the group at once: a stopped pipeline should not hold its partitions (and block a reset) until its
        // session times out.
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(15)));
    }
}
