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
import io.migscope.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A batch wave merged into an earlier one is tombstoned on the waves topic; the sink deletes its rows. */
class WaveTombstoneTest {
    private static final TopicNames TOPICS = new TopicNames("t.");
    private static final TopicPartition W0 = new TopicPartition(TOPICS.waves(), 0);

    @Test
    void aTombstoneOnTheWavesTopicDeletesTheWaveAndItsChildren() throws Exception {
        DataSource ds = TestDatabases.freshMigrated();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(W0));
            consumer.updateBeginningOffsets(Map.of(W0, 0L));
            consumer.addRecord(record(0, "prod-a@2026-11-22T04:00:00Z", WaveWriterTest.wave("prod-a@2026-11-22T04:00:00Z", 10, 5, 1)));
        });
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        SinkRunner runner = new SinkRunner(consumer, TOPICS, deserializers(), new RowWriter(ds, "live"), deadLetters::add,
                new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        Thread thread = new Thread(runner, "wave-sink-under-test");
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> committed(consumer) == 1);
            assertThat(TestDatabases.count(ds, "SELECT count(*) FROM wave_minutes")).isEqualTo(5);
            consumer.schedulePollTask(() -> {
                consumer.addRecord(record(1, "prod-a@2026-11-22T03:57:00Z", WaveWriterTest.wave("prod-a@2026-11-22T03:57:00Z", 11, 8, 1)));
                consumer.addRecord(record(2, "prod-a@2026-11-22T04:00:00Z", null));
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> committed(consumer) == 3);
            assertThat(TestDatabases.rows(ds, "SELECT wave_id FROM waves")).containsExactly("prod-a@2026-11-22T03:57:00Z");
            assertThat(TestDatabases.count(ds, "SELECT count(*) FROM wave_minutes")).isEqualTo(8);
            assertThat(deadLetters).isEmpty();
        } finally {
            runner.close();
            thread.join(10_000);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, WaveStatus value) {
        return new ConsumerRecord<>(W0.topic(), 0, offset, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : AvroCodec.encode(value));
    }

    private static long committed(MockConsumer<byte[], byte[]> consumer) {
        OffsetAndMetadata o = consumer.committed(Set.of(W0)).get(W0);
        return o == null ? 0 : o.offset();
    }

    private static SinkDeserializers deserializers() {
        return new SinkDeserializers(AvroCodec.deserializer(MigrationSummary.class),
                AvroCodec.deserializer(MigrationTimeline.class), AvroCodec.deserializer(DowntimeReport.class),
                AvroCodec.deserializer(Rollup.class), AvroCodec.deserializer(Alert.class),
                AvroCodec.deserializer(WaveStatus.class));
    }
}
