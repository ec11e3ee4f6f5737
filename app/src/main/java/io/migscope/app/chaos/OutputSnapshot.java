package io.migscope.app.chaos;

import io.migscope.avro.DeadLetter;
import io.migscope.avro.DowntimeReport;
import io.migscope.config.MigscopeConfig;
import io.migscope.json.RecordJson;
import io.migscope.streams.TopologySerdes;
import io.migscope.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a finished run's outputs: every output topic from the start as read_committed, and its PostgreSQL rows. */
public final class OutputSnapshot {
    /** The sink's tables; {@code dead_letters} is counted with the dead-letter topic, not compared. */
    static final List<String> TABLES = List.of("migrations", "migration_timelines", "migration_phases",
            "downtime_reports", "downtime_intervals", "rollups", "rollup_metrics", "alerts", "waves",
            "wave_concurrency", "wave_minutes", "wave_capacity_held");
    /** Columns that hold the wall clock of the write, not a result. */
    private static final List<String> IGNORED_COLUMNS = List.of("run_name", "written_at");
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private OutputSnapshot() {
    }

    public static RunOutputs read(MigscopeConfig config, String bootstrap, TopicNames topics, TopologySerdes serdes,
                                  DataSource database, String runName) throws SQLException {
        RunOutputs out = new RunOutputs();
        Map<String, Reader> readers = readers(topics, serdes);
        readTopics(config, bootstrap, readers, out);
        if (database != null) {
            readTables(database, runName, out);
        }
        return out;
    }

    /** Topic name to its role and a function from value bytes to JSON (or the dead letter's stage and reason). */
    private record Reader(String role, Deserializer<? extends IndexedRecord> deserializer) {
    }

    private static Map<String, Reader> readers(TopicNames t, TopologySerdes s) {
        Map<String, Reader> m = new LinkedHashMap<>();
        m.put(t.summaries(), new Reader("summaries", s.summaries().deserializer()));
        m.put(t.timelines(), new Reader("timelines", s.timelines().deserializer()));
        m.put(t.downtime(), new Reader("downtime", s.downtime().deserializer()));
        m.put(t.alerts(), new Reader("alerts", s.alerts().deserializer()));
        m.put(t.rollups(), new Reader("rollups", s.rollups().deserializer()));
        m.put(t.waves(), new Reader("waves", s.waves().deserializer()));
        m.put(t.deadLetters(), new Reader("dead-letters", s.deadLetters().deserializer()));
        return m;
    }

    private static void readTopics(MigscopeConfig config, String bootstrap, Map<String, Reader> readers,
                                   RunOutputs out) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(config, bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : readers.keySet()) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the outputs to their end within " + READ_LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    add(readers.get(r.topic()), r, out);
                }
            }
        }
    }

    /** With read_committed the position passes the transaction markers too, so it reaches the end offset. */
    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void add(Reader reader, ConsumerRecord<byte[], byte[]> r, RunOutputs out) {
        String key = r.key() == null ? "(null)" : new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            out.addRecord(reader.role(), key, null);
            return;
        }
        IndexedRecord value;
        try {
            value = reader.deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            // An output nobody can read is an output lost: keep it visible in the comparison.
            out.addRecord(reader.role(), key, "unreadable: " + e.getMessage());
            return;
        }
        if (value instanceof DeadLetter d) {
            out.addDeadLetter(d.getStage() + ": " + d.getReason());
        } else {
            out.addRecord(reader.role(), key, RecordJson.toJsonLine(value));
            if (value instanceof DowntimeReport d && d.getFinal$()) {
                // The one record the core writes exactly once per migration, when it is due.
                out.addRecord(OutputComparison.FINAL_DOWNTIME, d.getMigrationId(), RecordJson.toJsonLine(value));
            }
        }
    }

    private static Properties consumerProps(MigscopeConfig config, String bootstrap) {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    private static void readTables(DataSource database, String runName, RunOutputs out) throws SQLException {
        try (Connection c = database.getConnection()) {
            for (String table : TABLES) {
                List<String> key = primaryKey(c, table);
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM " + table + " WHERE run_name = ?")) {
                    st.setString(1, runName);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            Map<String, String> row = row(rs);
                            List<String> keyValues = new ArrayList<>();
                            key.forEach(k -> keyValues.add(row.get(k)));
                            out.addRow(table, String.join("|", keyValues), row.toString());
                        }
                    }
                }
            }
        }
    }

    private static Map<String, String> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, String> row = new TreeMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String column = md.getColumnName(i);
            if (!IGNORED_COLUMNS.contains(column)) {
                row.put(column, rs.getString(i));
            }
        }
        return row;
    }

    /** The primary key columns but run_name, in key order. */
    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> columns = new HashMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, null, table)) {
            while (rs.next()) {
                columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        List<String> key = new ArrayList<>();
        new TreeMap<>(columns).values().stream().filter(k -> !k.equals("run_name")).forEach(key::add);
        return key;
    }
}
