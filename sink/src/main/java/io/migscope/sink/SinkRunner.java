package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.WaveStatus;
import io.migscope.topics.TopicNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes summaries, timelines, downtime reports, rollups and alerts and writes each poll into PostgreSQL in one
 * transaction; offsets are committed synchronously only after that transaction commits.
 *
 * <p>When the database is unreachable, consumption pauses, the consumer seeks back to the last committed offsets,
 * and the database is retried with exponential backoff; when it answers again consumption resumes by itself.
 * The consumer must have {@code enable.auto.commit=false}. Run it on its own thread; {@link #close()} stops it
 * and {@link #run()} closes the consumer on its way out.
 *
 * <pre>{@code
 * SinkRunner sink = new SinkRunner(consumer, topics, deserializers, dataSource, "live", deadLetterSink);
 * Thread thread = new Thread(sink, "migscope-sink");
 * thread.start();   ...   sink.close(); thread.join();
 * }</pre>
 */
public final class SinkRunner implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Input> inputs = new HashMap<>();
    private final RowWriter writer;
    private final String wavesTopic;
    private final DeadLetterSink deadLetterSink;
    private final ExponentialBackoff backoff;
    private final SinkCounters counters = new SinkCounters();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private Outage outage;

    /** A topic's deserializer and the Avro type it must produce. */
    private record Input(Deserializer<? extends SpecificRecord> deserializer, String type) {
    }

    /** When the current outage began and how many retries it took so far. */
    private static final class Outage {
        final long startedNanos = System.nanoTime();
        int attempts;
    }

    /** Writes rows under {@code runName} ("live", or a replay's name), with the default backoff (200 ms .. 10 s). */
    public SinkRunner(Consumer<byte[], byte[]> consumer, TopicNames topics, SinkDeserializers deserializers,
            DataSource dataSource, String runName, DeadLetterSink deadLetterSink) {
        this(consumer, topics, deserializers, new RowWriter(dataSource, runName), deadLetterSink,
                RetryBackoff.DEFAULT);
    }

    public SinkRunner(Consumer<byte[], byte[]> consumer, TopicNames topics, SinkDeserializers deserializers,
            RowWriter writer, DeadLetterSink deadLetterSink, RetryBackoff retryBackoff) {
        this.consumer = consumer;
        this.writer = writer;
        this.deadLetterSink = deadLetterSink;
        // Multiplier 2 and 20 % jitter: several sinks recovering together do not hit the database in lockstep.
        this.backoff = new ExponentialBackoff(retryBackoff.initial().toMillis(), 2,
                retryBackoff.max().toMillis(), 0.2);
        inputs.put(topics.summaries(), new Input(deserializers.summaries(), "MigrationSummary"));
        inputs.put(topics.timelines(), new Input(deserializers.timelines(), "MigrationTimeline"));
        inputs.put(topics.downtime(), new Input(deserializers.downtime(), "DowntimeReport"));
        inputs.put(topics.rollups(), new Input(deserializers.rollups(), "Rollup"));
        inputs.put(topics.alerts(), new Input(deserializers.alerts(), "Alert"));
        inputs.put(topics.waves(), new Input(deserializers.waves(), "WaveStatus"));
        this.wavesTopic = topics.waves();
    }

    /** Subscribes and loops until {@link #close()}; closes the consumer before returning. */
    @Override
    public void run() {
        consumer.subscribe(inputs.keySet());
        try {
            while (!stopping.get()) {
                if (outage == null) {
                    pollAndWrite();
                } else {
                    awaitDatabase();
                }
            }
        } catch (WakeupException e) {
            if (!stopping.get()) {
                throw e;
            }
        } finally {
            consumer.close();
            LOG.info("Sink stopped: {}", counters);
        }
    }

    /** Asks the loop to stop; safe from any thread. */
    @Override
    public void close() {
        stopping.set(true);
        stopSignal.countDown();
        consumer.wakeup();
    }

    public SinkCounters counters() {
        return counters;
    }

    /** False while the sink is waiting for the database to come back. */
    public synchronized boolean databaseAvailable() {
        return outage == null;
    }

    private void pollAndWrite() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL_TIMEOUT);
        if (polled.isEmpty()) {
            return;
        }
        List<SinkRecord> records = new ArrayList<>(polled.count());
        List<DeadLetter> undecodable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            decode(record, records, undecodable);
        }
        WriteResult result;
        try {
            result = writer.write(records, undecodable);
        } catch (SQLException e) {
            if (!SqlErrors.isTransient(e)) {
                throw new SinkException("The sink stops: PostgreSQL refused a batch for a reason that waiting will "
                        + "not fix (" + SqlErrors.describe(e) + "). Check that the schema is migrated and matches "
                        + "this version of migscope. Offsets were not committed.", e);
            }
            beginOutage(e, polled);
            return;
        }
        counters.rowsWritten.addAndGet(result.rowsWritten());
        counters.superseded.addAndGet(result.superseded());
        counters.batches.incrementAndGet();
        sendDeadLetters(result.deadLetters());
        commit(polled);
    }

    private void decode(ConsumerRecord<byte[], byte[]> record, List<SinkRecord> records, List<DeadLetter> rejected) {
        if (record.value() == null) {
            counters.tombstones.incrementAndGet();
            if (record.topic().equals(wavesTopic) && record.key() != null) {
                // A batch merged into another one: its old id is gone, so its row goes too.
                WaveStatus removed = WaveStatus.newBuilder().setWaveId(new String(record.key(), StandardCharsets.UTF_8))
                        .setQueueWaitSketch(ByteBuffer.allocate(0)).setRemoved(true).build();
                records.add(new SinkRecord(record.topic(), record.partition(), record.offset(), record.key(), null, removed));
            }
            return;
        }
        Input input = inputs.get(record.topic());
        try {
            SpecificRecord value = input.deserializer().deserialize(record.topic(), record.headers(), record.value());
            if (value == null) {
                throw new IllegalArgumentException("the deserializer returned null for " + record.value().length
                        + " bytes");
            }
            records.add(new SinkRecord(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), value));
        } catch (RuntimeException e) {
            rejected.add(DeadLetters.undecodable(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), input.type(), e));
        }
    }

    private void sendDeadLetters(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        counters.deadLetters.addAndGet(letters.size());
        try {
            letters.forEach(deadLetterSink::accept);
            deadLetterSink.flush();
        } catch (RuntimeException e) {
            // They are already in the dead_letters table, committed with the batch.
            LOG.error("Could not send {} dead letters to the dead-letter topic; they are in the dead_letters table",
                    letters.size(), e);
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            next.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(next);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The rows are written; whoever owns the partitions now re-delivers them and the upserts change nothing.
            LOG.warn("Offsets not committed because the group is rebalancing; the rows will be re-delivered", e);
        }
    }

    private synchronized void beginOutage(SQLException e, ConsumerRecords<byte[], byte[]> polled) {
        outage = new Outage();
        counters.outages.incrementAndGet();
        consumer.pause(consumer.assignment());
        rewind(polled);
        LOG.error("PostgreSQL is unavailable ({}). Consumption is paused at the last committed offsets and the "
                + "database is retried with backoff; nothing is lost, and the sink resumes by itself when it is back.",
                SqlErrors.describe(e), e);
    }

    /** Offsets are committed after every batch, so each batch's first offsets are the last committed ones. */
    private void rewind(ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            consumer.seek(partition, polled.records(partition).get(0).offset());
        }
    }

    private void awaitDatabase() {
        long delayMs = backoff.backoff(outage.attempts++);
        try {
            if (stopSignal.await(delayMs, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return;
        }
        counters.retries.incrementAndGet();
        // Polling while paused keeps this consumer in its group; partitions assigned meanwhile are put back too.
        ConsumerRecords<byte[], byte[]> stray = consumer.poll(Duration.ZERO);
        rewind(stray);
        consumer.pause(consumer.assignment());
        if (writer.isAvailable()) {
            endOutage();
        } else {
            LOG.debug("PostgreSQL still unavailable after {} retries", outage.attempts);
        }
    }

    private synchronized void endOutage() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outage.startedNanos);
        LOG.warn("PostgreSQL is back after {} s and {} retries; resuming from the last committed offsets",
                seconds, outage.attempts);
        outage = null;
        consumer.resume(consumer.paused());
    }
}
