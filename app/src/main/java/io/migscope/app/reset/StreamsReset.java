package io.migscope.app.reset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.Utils;

/**
 * The work of Kafka's application reset tool ({@code kafka-streams-application-reset}) plus the local state cleanup
 * that tool leaves to {@code KafkaStreams#cleanUp()}: the input topics' committed offsets go back to a point in
 * time, the other topics the application reads (the output tables behind its queries) back to their start, its
 * internal topics are deleted and its local state directory too. It refuses while the group has members.
 */
public final class StreamsReset {
    /** Kafka Streams names its internal topics {@code <application.id>-<name>-<suffix>}. */
    private static final List<String> INTERNAL_SUFFIXES = List.of("-changelog", "-repartition", "-topic");

    private StreamsReset() {
    }

    /** The members of the application's consumer group: a reset under running instances would be undone. */
    public static List<String> activeMembers(Admin admin, String applicationId) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups().get(applicationId).get();
            return d.members().stream().map(m -> m.consumerId() + " (" + m.clientId() + " on " + m.host() + ")").toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    /** Works out every change; changes nothing. {@code inputs}: the topics to reset to {@code to}. */
    public static ResetPlan plan(Admin admin, String applicationId, Instant to, Collection<String> inputs,
                                 Path stateDir) throws Exception {
        Map<TopicPartition, Long> committed = new TreeMap<>(StreamsReset::compare);
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
            if (o != null) {
                committed.put(tp, o.offset());
            }
        });
        Set<String> topics = admin.listTopics().names().get();
        List<String> internal = internalTopics(admin, applicationId, topics);
        List<String> inputTopics = inputs.stream().filter(topics::contains).sorted().toList();
        Set<String> tables = committed.keySet().stream().map(TopicPartition::topic)
                .filter(t -> topics.contains(t) && !internal.contains(t) && !inputTopics.contains(t))
                .collect(Collectors.toSet());
        Map<TopicPartition, Long> offsets = new TreeMap<>(StreamsReset::compare);
        offsets.putAll(offsets(admin, inputTopics, OffsetSpec.forTimestamp(to.toEpochMilli())));
        offsets.putAll(offsets(admin, tables, OffsetSpec.earliest()));
        Path local = stateDir == null ? null : stateDir.resolve(applicationId);
        return new ResetPlan(applicationId, to, offsets, committed, inputTopics, internal,
                local != null && Files.isDirectory(local) ? local : null);
    }

    /** Makes the changes of {@code plan}, refusing (IllegalStateException) if instances started meanwhile. */
    public static void apply(Admin admin, ResetPlan plan) throws Exception {
        List<String> members = activeMembers(admin, plan.applicationId());
        if (!members.isEmpty()) {
            throw new IllegalStateException("consumer group " + plan.applicationId() + " has active members "
                    + members + "; stop every instance of the application first");
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        plan.offsets().forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(plan.applicationId(), commit).all().get();
        admin.deleteTopics(plan.internal()).all().get();
        if (plan.localState() != null) {
            try {
                Utils.delete(plan.localState().toFile());
            } catch (IOException e) {
                throw new IOException("cannot delete the local state " + plan.localState() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Topics named like the application's internal ones, except those of another application whose id extends this
     * one ({@code migscope-replay-x-...} is not {@code migscope}'s), which a plain prefix match would take.
     */
    private static List<String> internalTopics(Admin admin, String applicationId, Set<String> topics) throws Exception {
        List<String> longer = new ArrayList<>();
        for (GroupListing g : admin.listGroups().all().get()) {
            if (g.groupId().startsWith(applicationId + "-")) {
                longer.add(g.groupId() + "-");
            }
        }
        return topics.stream()
                .filter(t -> t.startsWith(applicationId + "-") && INTERNAL_SUFFIXES.stream().anyMatch(t::endsWith))
                .filter(t -> longer.stream().noneMatch(t::startsWith))
                .sorted().toList();
    }

    /** Each partition's offset by {@code spec}; where no record is that late, the end (nothing to reprocess). */
    private static Map<TopicPartition, Long> offsets(Admin admin, Collection<String> topics, OffsetSpec spec)
            throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> {
                query.put(new TopicPartition(d.name(), p.partition()), spec);
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            });
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(query).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, Long> out = new HashMap<>();
        found.forEach((tp, info) -> out.put(tp, info.offset() >= 0 ? info.offset() : ends.get(tp).offset()));
        return out;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int c = a.topic().compareTo(b.topic());
        return c != 0 ? c : Integer.compare(a.partition(), b.partition());
    }
}
