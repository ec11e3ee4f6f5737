package io.migscope.streams.errors;

import io.migscope.avro.DeadLetter;
import io.migscope.deadletter.DeadLetters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Turns a failure inside Kafka Streams into one dead-letter record carrying the source topic, partition, offset,
 * reason and raw bytes. Shared by the deserialization and the processing exception handlers.
 */
final class DeadLetterRouter {
    static final String TOPIC_CONFIG = "migscope.dead.letter.topic";
    static final String SERIALIZER_CONFIG = "migscope.dead.letter.serializer";
    static final AtomicLong COUNT = new AtomicLong();

    private String topic;
    private Serializer<DeadLetter> serializer;

    @SuppressWarnings("unchecked")
    void configure(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        Object s = configs.get(SERIALIZER_CONFIG);
        if (t == null || s == null) {
            throw new IllegalStateException(TOPIC_CONFIG + " and " + SERIALIZER_CONFIG + " must be set in the streams config");
        }
        topic = t.toString();
        serializer = (Serializer<DeadLetter>) s;
    }

    List<ProducerRecord<byte[], byte[]>> route(ErrorHandlerContext ctx, String stage, Exception error) {
        COUNT.incrementAndGet();
        DeadLetter letter = DeadLetters.fromTopic(ctx.topic(), ctx.partition(), ctx.offset(), stage,
                reason(error), "a record this stage can read and process", error.getClass().getName(),
                ctx.sourceRawKey(), ctx.sourceRawValue());
        return List.of(new ProducerRecord<>(topic, null, ctx.sourceRawKey(), serializer.serialize(topic, letter)));
    }

    private static String reason(Exception error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == error ? msg : error.getMessage() + ": " + msg;
    }

    /** Dead letters routed by the Streams handlers in this JVM. */
    public static long count() {
        return COUNT.get();
    }
}
