package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.migscope.avro.Alert;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Rollup;
import io.migscope.avro.WaveStatus;
import io.migscope.embedded.EmbeddedDatabase;
import io.migscope.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SinkRunner alone: a MockConsumer stands in for the broker, the database is a real PostgreSQL. */
class SinkRunnerTest {
    private static final TopicNames TOPICS = new TopicNames("t.");
    private static final TopicPartition S0 = new TopicPartition(TOPICS.summaries(), 0);
    private static final TopicPartition S1 = new TopicPartition(TOPICS.summaries(), 1);
    private static final TopicPartition R0 = new TopicPartition(TOPICS.rollups(), 0);

    @TempDir
    Path work;

    private EmbeddedDatabase db;
    private DataSource ds;
    private BrokerLikeConsumer consumer;
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>(Map.of(S0, 0L, S1, 0L, R0, 0L));
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private SinkRunner runner;
    private Thread thread;

    /**
     * A MockConsumer that, like a broker, can re-deliver records after a seek back. Records are only added
     * from poll tasks, so nothing is pending when the sink seeks and re-added records keep their order.
     */
    static final class BrokerLikeConsumer extends MockConsumer<byte[], byte[]> {
        private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
        // MockConsumer resets a missing position through seek(); that inner call must not replay anything.
        private boolean seeking;

        BrokerLikeConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void addRecord(ConsumerRecord<byte[], byte[]> record) {
            log.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                    .add(record);
            super.addRecord(record);
        }

        @Override
        public synchronized void seek(TopicPartition partition, long offset) {
            if (seeking) {
                super.seek(partition, offset);
                return;
            }
            seeking = true;
            try {
                long delivered = position(partition);
                super.seek(partition, offset);
                for (ConsumerRecord<byte[], byte[]> record : log.getOrDefault(partition, List.of())) {
                    if (record.offset() >= offset && record.offset() < delivered) {
                        super.addRecord(record);
                    }
                }
            } finally {
                seeking = false;
            }
        }
    }

    @BeforeEach
    void start() throws SQLException {
        db = EmbeddedDatabase.start(work.resolve("pg"), 0);
        ds = db.dataSource();
        new SchemaMigrator(ds).migrate();
        consumer = new BrokerLikeConsumer();
        consumer.schedulePollTask(() -> {
            consumer.updateBeginningOffsets(Map.of(S0, 0L, S1, 0L, R0, 0L));
            consumer.rebalance(List.of(S0, S1, R0));
        });
        SinkDeserializers deserializers = new SinkDeserializers(AvroCodec.deserializer(MigrationSummary.class),
                AvroCodec.deserializer(MigrationTimeline.class), AvroCodec.deserializer(DowntimeReport.class),
                AvroCodec.deserializer(Rollup.class), AvroCodec.deserializer(Alert.class),
                AvroCodec.deserializer(WaveStatus.class));
        runner = new SinkRunner(consumer, TOPICS, deserializers, new RowWriter(ds, "live"), deadLetters::add,
                new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        thread = new Thread(runner, "sink-under-test");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        runner.close();
        thread.join(10_000);
        db.close();
    }

    @Test
    void aDatabaseOutageLosesNothingDuplicatesNothingAndCommitsOnlyAfterTheDatabase() throws Exception {
        feed(0, 30, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> committed().equals(nextOffset));
        assertThat(summaryIds()).isEqualTo(ids(0, 30));

        db.stop();
        Map<TopicPartition, Long> beforeOutage = new HashMap<>(nextOffset);
        feed(30, 60, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> runner.counters().retries() >= 3);
        assertThat(runner.databaseAvailable()).isFalse();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(S0, S1, R0);
        assertThat(committed()).as("offsets must not move while the database is down").isEqualTo(beforeOutage);

        AtomicBoolean fedDuringOutage = feed(60, 90, false);
        await().atMost(Duration.ofSeconds(20)).untilTrue(fedDuringOutage);
        assertThat(committed()).isEqualTo(beforeOutage);

        db.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(nextOffset));

        Set<String> expected = ids(0, 90);
        expected.remove("m42");
        assertThat(summaryIds()).isEqualTo(expected);
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM rollups")).isEqualTo(3);
        assertThat(runner.counters().outages()).isEqualTo(1);
        assertThat(runner.counters().rowsWritten()).as("each record written once, after commit")
                .isEqualTo(89 + 3);
        assertThat(consumer.paused()).isEmpty();
        // The bad rows of the batch that hit the outage are reported once, not once per retry.
        assertThat(deadLetters).extracting(DeadLetter::getStage).containsExactlyInAnyOrder("sink", "deserialize");
        assertThat(deadLetters).filteredOn(d -> d.getStage().equals("sink")).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("migrations_migration_time_ms_check"));
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM dead_letters")).isEqualTo(2);
    }

    /** Schedules summaries m[from..to) alternating over two partitions, one rollup, optionally two bad records. */
    private AtomicBoolean feed(int from, int to, boolean withBadRecords) {
        AtomicBoolean done = new AtomicBoolean();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            MigrationSummary.Builder summary = Samples.summary("m" + i);
            if (withBadRecords && i == 42) {
                summary.setMigrationTimeMs(-1L);
            }
            batch.add(record(i % 2 == 0 ? S0 : S1, AvroCodec.encode(summary.build())));
        }
        batch.add(record(R0, AvroCodec.encode(Samples.rollup("c1", Samples.T0_US + from * Samples.MINUTE_US))));
        if (withBadRecords) {
            batch.add(record(S1, "not avro at all".getBytes(StandardCharsets.UTF_8)));
        }
        consumer.schedulePollTask(() -> {
            batch.forEach(consumer::addRecord);
            done.set(true);
        });
        return done;
    }

    private ConsumerRecord<byte[], byte[]> record(TopicPartition partition, byte[] value) {
        long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, value);
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : consumer.committed(Set.of(S0, S1, R0)).entrySet()) {
            if (e.getValue() != null) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
        }
        return offsets;
    }

    private Set<String> summaryIds() throws SQLException {
        return Set.copyOf(TestDatabases.rows(ds, "SELECT migration_id FROM migrations"));
    }

    private static Set<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).collect(Collectors.toCollection(HashSet::new));
    }
}
