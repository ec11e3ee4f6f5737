package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Sends dead letters to the dead-letters topic, keyed like the rejected record. */
public final class ProducerDeadLetterSink implements DeadLetterSink {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Serializer<DeadLetter> serializer;

    public ProducerDeadLetterSink(Producer<byte[], byte[]> producer, String topic, Serializer<DeadLetter> serializer) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = serializer;
    }

    @Override
    public void accept(DeadLetter letter) {
        byte[] key = letter.getKey() == null ? null : Params.toArray(letter.getKey());
        producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, letter)));
    }

    @Override
    public void flush() {
        producer.flush();
    }
}
