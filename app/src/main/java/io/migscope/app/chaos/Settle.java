package io.migscope.app.chaos;

import io.migscope.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until a run is finished: the streams application has processed every committed record of its inputs and
 * repartition topics, the sink has committed every committed output record, and nothing changed for a while.
 * "Processed" is checked exactly: from each group's committed offset a read_committed consumer finds no record
 * (transaction markers after the last record do not count).
 */
final class Settle {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Settle.class);
    static final Duration LIMIT = Duration.ofMinutes(4);
    private static final long QUIET_MS = 3_000;

    private Settle() {
    }

    static boolean await(ChaosContext ctx) throws Exception {
        String bootstrap = ctx.stack().bootstrapServers();
        TopicNames t = ctx.target().topics();
        String app = ctx.target().applicationId();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(props(bootstrap))) {
            List<String> streamsTopics = new ArrayList<>(List.of(t.signals(), t.links()));
            List<String> outputs = List.of(t.summaries(), t.timelines(), t.downtime(), t.alerts(), t.rollups(),
                    t.waves());
            long quietSince = -1;
            Map<TopicPartition, Long> lastEnds = Map.of();
            while (System.nanoTime() < deadline) {
                admin.listTopics().names().get().stream()
                        .filter(n -> n.startsWith(app + "-") && n.endsWith("-repartition") && !streamsTopics.contains(n))
                        .forEach(streamsTopics::add);
                List<TopicPartition> all = partitions(probe, streamsTopics);
                all.addAll(partitions(probe, outputs));
                Map<TopicPartition, Long> ends = probe.endOffsets(all);
                boolean streamsDone = caughtUp(admin, probe, app, partitions(probe, streamsTopics), ends);
                boolean sinkDone = streamsDone && caughtUp(admin, probe, app + "-sink", partitions(probe, outputs), ends);
                boolean done = streamsDone && sinkDone;
                LOG.debug("settle: streams caught up {}, sink caught up {}, output ends unchanged {}", streamsDone,
                        sinkDone, ends.equals(lastEnds));
                if (done && ends.equals(lastEnds)) {
                    if (quietSince < 0) {
                        quietSince = System.currentTimeMillis();
                    } else if (System.currentTimeMillis() - quietSince >= QUIET_MS) {
                        return true;
                    }
                } else {
                    quietSince = -1;
                }
                lastEnds = ends;
                Thread.sleep(500);
            }
            return false;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, List<String> topics) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                out.add(new TopicPartition(topic, p.partition()));
            }
        }
        return out;
    }

    /** True when no committed record sits at or after the group's committed offset on any of the partitions. */
    private static boolean caughtUp(Admin admin, KafkaConsumer<byte[], byte[]> probe, String group,
                                    List<TopicPartition> partitions, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> behind = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c == null ? 0 : c.offset();
            if (from < ends.getOrDefault(tp, 0L)) {
                behind.put(tp, from);
            }
        }
        return behind.isEmpty() || !hasRecord(probe, behind, ends);
    }

    /** Reads on from the committed offsets: any record means work left; an open transaction counts as work too. */
    private static boolean hasRecord(KafkaConsumer<byte[], byte[]> probe, Map<TopicPartition, Long> from,
                                     Map<TopicPartition, Long> ends) {
        probe.assign(from.keySet());
        from.forEach(probe::seek);
        long deadline = System.currentTimeMillis() + 1_000;
        while (System.currentTimeMillis() < deadline) {
            if (!probe.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
            if (from.keySet().stream().allMatch(tp -> probe.position(tp) >= ends.get(tp))) {
                return false;
            }
        }
        return true;
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-settle");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }
}
