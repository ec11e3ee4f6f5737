package io.migscope.app;

import io.migscope.avro.LinkSample;
import io.migscope.avro.VmSignal;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends what a {@link SignalEncoder} produced: signals to vm-signals keyed by VM, link samples to link-samples
 * keyed by host pair, each with its event time (milliseconds) as the Kafka timestamp. Used where a whole run is
 * published at once: replay, the chaos harness and the benchmarks.
 */
public final class SignalSender {
    private final Producer<byte[], byte[]> producer;
    private final TopologySerdes serdes;
    private final TopicNames topics;
    private final Callback callback;
    private long sent;

    public SignalSender(Producer<byte[], byte[]> producer, TopologySerdes serdes, TopicNames topics, Callback callback) {
        this.producer = producer;
        this.serdes = serdes;
        this.topics = topics;
        this.callback = callback;
    }

    public void send(SignalEncoder.Out o) {
        producer.send(record(o), callback);
        sent++;
    }

    /** The Kafka record for {@code o}. */
    public ProducerRecord<byte[], byte[]> record(SignalEncoder.Out o) {
        byte[] key = o.key().getBytes(StandardCharsets.UTF_8);
        long ms = o.timestampUs() / 1000;
        if (o.link()) {
            String topic = topics.links();
            return new ProducerRecord<>(topic, null, ms, key, serdes.links().serializer().serialize(topic, (LinkSample) o.value()));
        }
        String topic = topics.signals();
        return new ProducerRecord<>(topic, null, ms, key, serdes.signals().serializer().serialize(topic, (VmSignal) o.value()));
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent;
    }
}
