package io.migscope.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's storage: a compacted single-partition topic read from the start by a background thread that
 * hands every record, in order, to an applier. Writers append and then wait until their own record is applied.
 */
final class SchemaLog implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Properties kafka;
    private final String bootstrapServers;
    private final TopicPartition partition;
    private final Consumer<ConsumerRecord<String, String>> applier;
    private final Object progress = new Object();
    private Admin admin;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread reader;
    private volatile boolean running;
    private volatile RuntimeException failure;
    private long position;

    /** @param kafka Kafka client properties: bootstrap servers and any security settings */
    SchemaLog(Properties kafka, String topic, Consumer<ConsumerRecord<String, String>> applier) {
        this.kafka = kafka;
        this.bootstrapServers = kafka.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.partition = new TopicPartition(topic, 0);
        this.applier = applier;
    }

    void start() {
        admin = Admin.create(connection());
        createTopic();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        running = true;
        reader = new Thread(this::readLoop, "registry-log-reader-" + partition.topic());
        reader.setDaemon(true);
        reader.start();
        catchUp();
    }

    /** Appends a record and returns once this instance has applied it. */
    void append(String key, String value) {
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(partition.topic(), 0, key, value)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryError.store("cannot write to " + partition.topic() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted");
        }
        awaitPosition(offset + 1);
    }

    /** Returns once every record written before this call has been applied. */
    void catchUp() {
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryError.store("cannot read the end of " + partition.topic() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted");
        }
        awaitPosition(end);
    }

    private void awaitPosition(long target) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (progress) {
            while (position < target) {
                if (failure != null) {
                    throw RegistryError.store("reader of " + partition.topic() + " failed: " + failure);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw RegistryError.store("timed out reading " + partition.topic() + " up to offset " + target);
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryError.store("interrupted");
                }
            }
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    applier.accept(r);
                }
                long p = consumer.position(partition);
                synchronized (progress) {
                    position = p;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
            synchronized (progress) {
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void createTopic() {
        // One partition keeps a total order of proposals; compaction keeps every distinct key forever.
        NewTopic t = new NewTopic(partition.topic(), 1, (short) Math.min(3, brokerCount()))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(t)).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeader();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryError.store("cannot create " + partition.topic() + ": " + e.getCause());
            }
        } catch (TimeoutException e) {
            throw RegistryError.store("broker " + bootstrapServers + " did not answer creating " + partition.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted");
        }
    }

    /**
     * A topic just created answers metadata requests only once its partition has a leader; reading its end offset
     * before that fails with "unknown topic", which happens when other topics are being created at the same time.
     */
    private void awaitLeader() throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(partition.topic());
                if (d.partitions().get(0).leader() != null && !d.partitions().get(0).leader().isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw RegistryError.store("cannot describe " + partition.topic() + ": " + e.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader for " + partition + " after " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private int brokerCount() {
        try {
            return admin.describeCluster().nodes().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryError.store("broker " + bootstrapServers + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted");
        }
    }

    private Properties connection() {
        Properties p = new Properties();
        p.putAll(kafka);
        return p;
    }

    private Properties producerConfig() {
        Properties p = connection();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    private Properties consumerConfig() {
        Properties p = connection();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
