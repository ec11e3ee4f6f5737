package io.migscope.streams;

import io.migscope.avro.DeadLetter;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.streams.errors.DeadLetterDeserializationHandler;
import io.migscope.streams.errors.DeadLetterProcessingHandler;
import io.migscope.topics.TopicNames;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration every migscope topology runs with. */
public final class StreamsProps {
    private StreamsProps() {
    }

    /**
     * @param applicationId a replay passes its own id so it never shares state with the live application
     * @param deadLetters   serializer for the dead-letter records written by the exception handlers
     */
    public static Properties build(MigscopeConfig config, String bootstrapServers, String applicationId, Path stateDir,
                                   TopicNames topics, Serializer<DeadLetter> deadLetters) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(Keys.STREAMS_THREADS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(Keys.TOPICS_REPLICATION));
        // Renaming a step must never silently orphan its state: every store, processor and topic is named.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put("migscope.dead.letter.topic", topics.deadLetters());
        p.put("migscope.dead.letter.serializer", deadLetters);
        // No task waits for a lagging input (max.task.idle.ms 0): a VM's events and probes are one topic, and the
        // wire step gives the same sums whichever of its two inputs comes first.
        p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        // Alerts must reach their topic within a second of the evidence; EOS makes output visible on commit.
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        return p;
    }
}
