package io.migscope.sink;

import io.migscope.avro.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Stores the sink's own rejects in {@code dead_letters}, once per source offset and stage. */
final class DeadLetterWriter {
    private static final String SQL = Upsert.insert("dead_letters", List.of("run_name", "origin", "\"partition\"",
            "\"offset\"", "stage", "reason", "expected", "error_class", "record_key", "raw", "time_us"))
            + " ON CONFLICT DO NOTHING";

    void write(Connection connection, String runName, List<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            for (DeadLetter d : letters) {
                new Params(ps).text(runName).text(d.getOrigin())
                        .int4(d.getPartition() == null ? -1 : d.getPartition())
                        .int8(d.getOffset() == null ? -1L : d.getOffset())
                        .text(d.getStage()).text(d.getReason()).text(d.getExpected()).text(d.getErrorClass())
                        .bytes(d.getKey()).bytes(d.getRaw()).int8(d.getTimeUs());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
