package io.migscope.topics;

import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The names of every migscope topic, derived from one prefix. Topology code receives this object and never
 * spells a topic name itself, so a replay can run on its own prefix without touching the live topics.
 */
public record TopicNames(String prefix) {

    /**
     * How long a delete-policy topic keeps its records: the broker's own default (log.retention.hours=168), spelled
     * out so that the embedded broker, {@code TopicAdmin} and the Strimzi {@code KafkaTopic}s all say the same.
     */
    public static final Duration INPUT_RETENTION = Duration.ofDays(7);
    /** Dead letters are read by a person days after the fact, so they are kept twice as long as the inputs. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    /**
     * One topic: its name, whether it holds latest state per key (compacted), how long a delete-policy topic keeps
     * records (null for a compacted one: the latest value per key is kept for ever), and what it carries.
     */
    public record Spec(String name, boolean compacted, Duration retention, String description) {
        public Spec {
            if (compacted != (retention == null)) {
                throw new IllegalArgumentException(name + ": a compacted topic has no time retention, any other needs one");
            }
        }

        /** A compacted topic, or a delete-policy one kept for {@link #INPUT_RETENTION}. */
        public Spec(String name, boolean compacted, String description) {
            this(name, compacted, compacted ? null : INPUT_RETENTION, description);
        }

        /** The Kafka topic configuration this topic is created with (the same keys a Strimzi KafkaTopic sets). */
        public Map<String, String> configs() {
            Map<String, String> c = new LinkedHashMap<>();
            c.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                    compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
            if (retention != null) {
                c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
            }
            return c;
        }
    }

    public static TopicNames from(MigscopeConfig config) {
        return new TopicNames(config.get(Keys.TOPICS_PREFIX));
    }

    /** A VM's migration events, probe batches and capture ends, in one order: {@code VmSignal}, keyed by VM. */
    public String signals() {
        return prefix + "vm-signals";
    }

    public String links() {
        return prefix + "link-samples";
    }

    public String timelines() {
        return prefix + "timelines";
    }

    public String downtime() {
        return prefix + "downtime";
    }

    public String summaries() {
        return prefix + "summaries";
    }

    public String alerts() {
        return prefix + "alerts";
    }

    public String rollups() {
        return prefix + "rollups";
    }

    public String waves() {
        return prefix + "waves";
    }

    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /**
     * Every topic migscope creates, with its cleanup policy and retention: the single list that TopicAdmin creates
     * and that {@code deploy/kubernetes/base/kafka-topics.yaml} must match (KafkaTopicsManifestTest).
     */
    public List<Spec> all() {
        return List.of(
                new Spec(signals(), false, "VmSignal (migration events, probe batches, capture ends), keyed by VM"),
                new Spec(links(), false, "LinkSample, keyed by unordered host pair"),
                new Spec(timelines(), true, "MigrationTimeline, latest per migration id"),
                new Spec(downtime(), true, "DowntimeReport, latest per migration id"),
                new Spec(summaries(), true, "MigrationSummary, latest per migration id"),
                new Spec(alerts(), true, "Alert, latest state per alert id"),
                new Spec(rollups(), true, "Rollup, latest per window and dimension value"),
                new Spec(waves(), true, "WaveStatus, latest per wave id"),
                new Spec(deadLetters(), false, DEAD_LETTER_RETENTION, "DeadLetter: every rejected line or record, with its raw bytes"));
    }
}
