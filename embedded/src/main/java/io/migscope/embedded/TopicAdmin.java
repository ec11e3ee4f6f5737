package io.migscope.embedded;

import io.migscope.config.BrokerCheck;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates every migscope topic with the configuration of its {@link TopicNames.Spec} (compacted where it holds latest
 * state, otherwise time retention); topics that exist are left as they are. A topic created next to existing ones
 * gets their partition count, whatever {@code topics.partitions} says now: Kafka Streams joins them by key, which
 * needs the same partitions on both sides (a new version adding a topic, or a changed setting, must not break that).
 */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /** Creates the topics of {@code names} with the given partitions and replication; returns the ones it created. */
    public static List<String> createAll(Admin admin, TopicNames names, int partitions, short replication) {
        return createAll(admin, names, partitions, replication, Map.of());
    }

    /**
     * As above, with {@code deleteTopicConfigs} set on every topic that is not compacted (inputs, dead letters), over
     * the spec's own values: a replay sets {@code retention.ms=-1} because its records keep their old timestamps.
     */
    public static List<String> createAll(Admin admin, TopicNames names, int partitions, short replication,
                                         Map<String, String> deleteTopicConfigs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int count = partitionsInUse(admin, names, existing).orElse(partitions);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicNames.Spec spec : names.all()) {
                if (!existing.contains(spec.name())) {
                    missing.add(newTopic(spec, count, replication, deleteTopicConfigs));
                }
            }
            createIgnoringExisting(admin, missing);
            return missing.stream().map(NewTopic::name).toList();
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not answer while creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Creates the topics named by {@code config} ({@code topics.*}) on the broker at {@code bootstrapServers}, after
     * {@link BrokerCheck} (a refused login fails here, at once, naming the key to fix).
     */
    public static List<String> createAll(String bootstrapServers, MigscopeConfig config) {
        return createAll(bootstrapServers, config, Map.of());
    }

    /** As above, with {@code deleteTopicConfigs} set on every topic that is not compacted. */
    public static List<String> createAll(String bootstrapServers, MigscopeConfig config,
                                         Map<String, String> deleteTopicConfigs) {
        Properties p = config.kafkaProperties(bootstrapServers);
        BrokerCheck.verify(p);
        try (Admin admin = Admin.create(p)) {
            return createAll(admin, TopicNames.from(config), config.getInt(Keys.TOPICS_PARTITIONS),
                    (short) config.getInt(Keys.TOPICS_REPLICATION), deleteTopicConfigs);
        }
    }

    /** The partitions of the first of these topics that exists, if any does. */
    private static OptionalInt partitionsInUse(Admin admin, TopicNames names, Set<String> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (TopicNames.Spec spec : names.all()) {
            if (existing.contains(spec.name())) {
                return OptionalInt.of(admin.describeTopics(List.of(spec.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(spec.name()).partitions().size());
            }
        }
        return OptionalInt.empty();
    }

    private static void createIgnoringExisting(Admin admin, List<NewTopic> topics)
            throws InterruptedException, TimeoutException {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("broker did not create topic " + name + " within 30 s", e);
            }
        });
    }

    private static NewTopic newTopic(TopicNames.Spec spec, int partitions, short replication,
                                     Map<String, String> deleteTopicConfigs) {
        Map<String, String> configs = new HashMap<>(spec.configs());
        if (!spec.compacted()) {
            configs.putAll(deleteTopicConfigs);
        }
        return new NewTopic(spec.name(), partitions, replication).configs(configs);
    }
}
