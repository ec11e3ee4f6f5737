package io.migscope.sink;

import io.migscope.avro.Alert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The latest state per alert id in {@code alerts}; an update older than the stored one is ignored. */
final class AlertWriter implements TableWriter<Alert> {
    private static final String SQL = Upsert.sql("alerts", List.of("run_name", "alert_id"),
            List.of("migration_id", "vm", "cluster", "kind", "state", "fired_at_us", "resolved_at_us",
                    "updated_at_us", "evidence", "deadline_us", "predicted_completion_us",
                    "seconds_left_before_deadline"),
            true, "alerts.updated_at_us <= EXCLUDED.updated_at_us");

    @Override
    public Class<Alert> type() {
        return Alert.class;
    }

    @Override
    public String key(Alert a) {
        return a.getAlertId();
    }

    @Override
    public void write(Connection connection, String runName, List<Alert> values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            for (Alert a : values) {
                new Params(ps).text(runName).text(a.getAlertId())
                        .text(a.getMigrationId()).text(a.getVm()).text(a.getCluster())
                        .text(a.getKind().name()).text(a.getState().name())
                        .int8(a.getFiredAtUs()).int8(a.getResolvedAtUs()).int8(a.getUpdatedAtUs())
                        .text(a.getEvidence()).int8(a.getDeadlineUs()).int8(a.getPredictedCompletionUs())
                        .float8(a.getSecondsLeftBeforeDeadline());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
