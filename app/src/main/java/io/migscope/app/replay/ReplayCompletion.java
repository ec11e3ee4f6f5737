package io.migscope.app.replay;

import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When a replay is done, decided from the facts, never from a timeout that depends on the run's size:
 * <ol>
 *   <li>the streams application has committed every published input record (vm-signals, link-samples);</li>
 *   <li>its repartition topics hold nothing it has not processed;</li>
 *   <li>the output reader has read every committed output record;</li>
 *   <li>every migration the outputs name has its summary.</li>
 * </ol>
 * Only when nothing moves for {@link #STALL} does it give up, saying what was processed and what is missing.
 */
final class ReplayCompletion implements AutoCloseable {
    /** No progress of any kind for this long: the pipeline is stuck, whatever the run's size. */
    static final Duration STALL = Duration.ofSeconds(120);

    private final Admin admin;
    private final String applicationId;
    private final TopicNames topics;
    private final KafkaConsumer<byte[], byte[]> probe;
    private Map<TopicPartition, Long> published = Map.of();

    /** Where the replay stands. */
    record State(long processed, long published, List<String> undrained, boolean outputsRead,
                 List<String> withoutSummary, int outputs) {
        boolean done() {
            return processed == published && undrained.isEmpty() && outputsRead && withoutSummary.isEmpty();
        }

        long progress() {
            return processed * 31 + outputs;
        }

        String describe() {
            List<String> missing = new ArrayList<>();
            if (processed < published) {
                missing.add((published - processed) + " input records not processed");
            }
            if (!undrained.isEmpty()) {
                missing.add("repartition topics not drained: " + undrained);
            }
            if (!outputsRead) {
                missing.add("output records not read yet");
            }
            if (!withoutSummary.isEmpty()) {
                missing.add(withoutSummary.size() + " migrations without a summary: "
                        + withoutSummary.subList(0, Math.min(10, withoutSummary.size()))
                        + (withoutSummary.size() > 10 ? " ..." : ""));
            }
            return "processed " + processed + " of " + published + " input records; "
                    + (missing.isEmpty() ? "nothing missing" : String.join("; ", missing));
        }
    }

    ReplayCompletion(Admin admin, MigscopeConfig config, String bootstrap, String applicationId, TopicNames topics) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.topics = topics;
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.probe = new KafkaConsumer<>(p);
    }

    /** Notes the input topics' end offsets once everything is published: the records the application must process. */
    void published() throws Exception {
        published = endOffsets(partitions(List.of(topics.signals(), topics.links())), IsolationLevel.READ_UNCOMMITTED);
    }

    /** Waits until the replay is done; throws, saying where it stands, once nothing moves for {@link #STALL}. */
    void await(ReplayOutputs outputs, OutputReader reader, Runnable onCheck) throws Exception {
        long lastProgress = -1;
        long lastChangeMs = System.currentTimeMillis();
        while (true) {
            State s = check(outputs, reader);
            onCheck.run();
            if (s.done()) {
                return;
            }
            if (s.progress() != lastProgress) {
                lastProgress = s.progress();
                lastChangeMs = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastChangeMs > STALL.toMillis()) {
                throw new ReplayIncompleteException("the replay stopped making progress for " + STALL.toSeconds()
                        + " s: " + s.describe() + "; no output was written");
            }
            Thread.sleep(200);
        }
    }

    State check(ReplayOutputs outputs, OutputReader reader) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get();
        long processed = 0;
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : published.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            processed += c == null ? 0 : Math.min(c.offset(), e.getValue());
            total += e.getValue();
        }
        List<String> undrained = processed == total ? undrained(committed) : List.of("(inputs first)");
        Map<TopicPartition, Long> outputEnds = endOffsets(partitions(reader.topics()), IsolationLevel.READ_COMMITTED);
        return new State(processed, total, undrained, reader.hasRead(outputEnds), outputs.withoutSummary(),
                outputs.size());
    }

    /** Repartition partitions holding records the application has not processed (a trailing commit marker is not one). */
    private List<String> undrained(Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        Set<String> internal = new TreeSet<>();
        for (String name : admin.listTopics().names().get()) {
            if (name.startsWith(applicationId + "-") && name.endsWith("-repartition")) {
                internal.add(name);
            }
        }
        Map<TopicPartition, Long> ends = endOffsets(partitions(internal), IsolationLevel.READ_COMMITTED);
        List<String> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long from = c == null ? 0 : c.offset();
            if (from < e.getValue() && holdsRecords(e.getKey(), from, e.getValue())) {
                out.add(e.getKey().toString());
            }
        }
        return out;
    }

    /** Whether a read_committed consumer finds a record in [from, end): markers and aborted records are skipped. */
    private boolean holdsRecords(TopicPartition tp, long from, long end) {
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        long deadline = System.currentTimeMillis() + 2_000;
        while (probe.position(tp) < end && System.currentTimeMillis() < deadline) {
            if (!probe.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
        }
        return probe.position(tp) < end;
    }

    private List<TopicPartition> partitions(java.util.Collection<String> names) throws Exception {
        List<TopicPartition> out = new ArrayList<>();
        admin.describeTopics(names).allTopicNames().get().forEach((name, d) ->
                d.partitions().forEach(p -> out.add(new TopicPartition(name, p.partition()))));
        return out;
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get()
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @Override
    public void close() {
        probe.close(Duration.ofSeconds(5));
    }
}
