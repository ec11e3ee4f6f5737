package io.migscope.app.reset;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a reset does, worked out before anything changes, so {@code --dry-run} can print exactly this.
 *
 * @param applicationId the Kafka Streams application (its consumer group id)
 * @param to            input topics go back to the first record stamped at or after this time
 * @param offsets       the new committed offset of every partition, in the order printed
 * @param committed     the committed offsets before the reset (absent where there were none)
 * @param inputs        the topics reset to {@code to}; the other topics in {@code offsets} go back to their start
 * @param internal      the application's internal topics (changelogs, repartition topics), to delete
 * @param localState    the application's local state directory, to delete; null when there is none
 */
public record ResetPlan(String applicationId, Instant to, Map<TopicPartition, Long> offsets,
                        Map<TopicPartition, Long> committed, List<String> inputs, List<String> internal,
                        Path localState) {

    /** One line per change, in the order they are made. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("reset of application " + applicationId + " to " + to + ":");
        offsets.forEach((tp, offset) -> out.add(String.format("  offset %s-%d: %s -> %d%s", tp.topic(), tp.partition(),
                committed.containsKey(tp) ? String.valueOf(committed.get(tp)) : "none", offset,
                inputs.contains(tp.topic()) ? "" : " (start: a table the application reads back)")));
        internal.forEach(t -> out.add("  delete internal topic " + t));
        out.add(localState != null ? "  delete local state " + localState : "  no local state to delete");
        return out;
    }
}
