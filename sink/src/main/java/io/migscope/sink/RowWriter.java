package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes decoded output records into PostgreSQL in one transaction per call, as idempotent upserts on their
 * natural keys: writing the same records again changes no row.
 *
 * <p>A record the database refuses (SQLState class 22 or 23) is taken out and the rest is written; it comes back
 * as a DeadLetter and is stored in {@code dead_letters} in the same transaction. Any other SQLException (the
 * database is down, the schema is wrong) is thrown and nothing is committed.
 */
public final class RowWriter {
    public static final String LIVE = "live";

    private final DataSource dataSource;
    private final String runName;
    private final Map<Class<?>, TableWriter<?>> writers = new LinkedHashMap<>();
    private final DeadLetterWriter deadLetterWriter = new DeadLetterWriter();

    /** @param runName tells these rows apart from other runs' ("live", or a replay's name) */
    public RowWriter(DataSource dataSource, String runName) {
        if (runName == null || runName.isBlank()) {
            throw new IllegalArgumentException("runName must not be blank; use \"" + LIVE + "\" for live data");
        }
        this.dataSource = dataSource;
        this.runName = runName;
        for (TableWriter<?> w : List.of(new SummaryWriter(), new TimelineWriter(), new DowntimeWriter(),
                new RollupWriter(), new AlertWriter(), new WaveWriter())) {
            writers.put(w.type(), w);
        }
    }

    public String runName() {
        return runName;
    }

    /** Writes the records; equivalent to {@code write(records, List.of())}. */
    public WriteResult write(List<SinkRecord> records) throws SQLException {
        return write(records, List.of());
    }

    /**
     * Writes the records and stores {@code rejectedEarlier} (e.g. undecodable records) in the same transaction.
     *
     * @throws SQLException when the database cannot be used; nothing was committed
     */
    public WriteResult write(List<SinkRecord> records, List<DeadLetter> rejectedEarlier) throws SQLException {
        Collection<SinkRecord> latest = latestPerKey(records);
        int superseded = records.size() - latest.size();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                writeAll(connection, latest);
                deadLetterWriter.write(connection, runName, rejectedEarlier);
                connection.commit();
                return new WriteResult(latest.size(), superseded, rejectedEarlier);
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                if (!SqlErrors.isRowError(e)) {
                    throw e;
                }
            }
            return writeOneByOne(connection, latest, superseded, rejectedEarlier);
        }
    }

    /** True when a connection can be opened and answers; used to notice that the database is back. */
    public boolean isAvailable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The fast path failed on a bad row: write each record under its own savepoint and set the bad ones aside. */
    private WriteResult writeOneByOne(Connection connection, Collection<SinkRecord> records, int superseded,
            List<DeadLetter> rejectedEarlier) throws SQLException {
        List<DeadLetter> letters = new ArrayList<>(rejectedEarlier);
        int written = 0;
        try {
            for (SinkRecord record : records) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    writeAll(connection, List.of(record));
                    connection.releaseSavepoint(savepoint);
                    written++;
                } catch (SQLException e) {
                    if (!SqlErrors.isRowError(e)) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    letters.add(DeadLetters.rejected(record, e));
                }
            }
            deadLetterWriter.write(connection, runName, letters);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
        return new WriteResult(written, superseded, letters);
    }

    private void writeAll(Connection connection, Collection<SinkRecord> records) throws SQLException {
        for (TableWriter<?> writer : writers.values()) {
            writeOfType(connection, writer, records);
        }
    }

    private <T> void writeOfType(Connection connection, TableWriter<T> writer, Collection<SinkRecord> records)
            throws SQLException {
        List<T> values = new ArrayList<>();
        for (SinkRecord record : records) {
            if (writer.type().isInstance(record.value())) {
                values.add(writer.type().cast(record.value()));
            }
        }
        if (!values.isEmpty()) {
            writer.write(connection, runName, values);
        }
    }

    /** Keeps only the last record per natural key, in arrival order: on a compacted topic the last one counts. */
    private Collection<SinkRecord> latestPerKey(List<SinkRecord> records) {
        Map<String, SinkRecord> latest = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            String key = naturalKey(record.value());
            latest.remove(key);
            latest.put(key, record);
        }
        return latest.values();
    }

    @SuppressWarnings("unchecked")
    private String naturalKey(SpecificRecord value) {
        TableWriter<Object> writer = (TableWriter<Object>) writers.get(value.getClass());
        if (writer == null) {
            throw new IllegalArgumentException("The sink does not store " + value.getClass().getName()
                    + "; expected one of " + writers.keySet());
        }
        return value.getClass().getSimpleName() + '|' + writer.key(value);
    }

    private static void rollbackQuietly(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is likely gone; the original error says why.
            cause.addSuppressed(e);
        }
    }
}
