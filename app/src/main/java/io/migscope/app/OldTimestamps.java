package io.migscope.app;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings for a run whose records keep their original, possibly weeks-old, timestamps (a replay, the chaos input).
 * The broker rolls a segment at every append once its first record is older than {@code segment.ms} and deletes
 * segments older than {@code retention.ms} at its next retention check, both by record timestamp: without these, an
 * input topic, an output topic or a window store's changelog loses records before they are read or restored.
 */
public final class OldTimestamps {
    /** On every delete-policy topic migscope creates for the run. */
    public static final Map<String, String> TOPIC_CONFIGS = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    /** A hundred years: window stores' changelogs keep their records for the whole run. */
    private static final String WINDOW_CHANGELOG_RETENTION_MS = Long.toString(100L * 365 * 24 * 3600 * 1000);

    private OldTimestamps() {
    }

    /** {@code config} with window-store changelogs kept (compact and delete, by record time) as long as the run. */
    public static MigscopeConfig streams(MigscopeConfig config) {
        return config.with(Map.of(Keys.KAFKA_PREFIX + StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG,
                WINDOW_CHANGELOG_RETENTION_MS));
    }
}
