package io.migscope.app;

import io.migscope.topics.TopicNames;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many input records a streams application has processed: the sum of its committed offsets on the two input
 * topics (vm-signals, link-samples). Under exactly_once_v2 an offset is committed with the outputs of the records before it, so this counts
 * records consumed and processed, never records merely produced.
 */
public final class CommittedInputs {
    private CommittedInputs() {
    }

    /** Records processed so far; exact when the inputs were written without transactions (no marker offsets). */
    public static long count(Admin admin, String applicationId, TopicNames topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get();
        Set<String> inputs = Set.of(topics.signals(), topics.links());
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (inputs.contains(e.getKey().topic()) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }
}
