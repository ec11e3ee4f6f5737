package io.migscope.sink;

import io.migscope.avro.MigrationTimeline;
import io.migscope.avro.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest timeline per migration: its header in {@code migration_timelines}, its phases in
 * {@code migration_phases}, replaced as a whole so the rows always equal the newest timeline.
 * A timeline older than the stored one (by {@code updated_us}) changes nothing.
 */
final class TimelineWriter implements TableWriter<MigrationTimeline> {
    private static final String HEADER_SQL = Upsert.sql("migration_timelines", List.of("run_name", "migration_id"),
            List.of("vm", "cluster", "platform", "source_host", "target_host", "mode", "outcome", "final",
                    "pass_count", "flags", "updated_us"),
            true, "migration_timelines.updated_us <= EXCLUDED.updated_us");
    private static final String STORED_SQL = "SELECT migration_id, updated_us FROM migration_timelines"
            + " WHERE run_name = ? AND migration_id = ANY (?)";
    private static final String DELETE_PHASES_SQL =
            "DELETE FROM migration_phases WHERE run_name = ? AND migration_id = ANY (?)";
    private static final String PHASE_SQL = Upsert.insert("migration_phases", List.of("run_name", "migration_id",
            "name", "start_us", "end_us", "start_source", "end_source"));

    @Override
    public Class<MigrationTimeline> type() {
        return MigrationTimeline.class;
    }

    @Override
    public String key(MigrationTimeline t) {
        return t.getMigrationId();
    }

    @Override
    public void write(Connection connection, String runName, List<MigrationTimeline> values) throws SQLException {
        Map<String, Long> stored = storedVersions(connection, runName, values);
        List<MigrationTimeline> newer = values.stream()
                .filter(t -> stored.getOrDefault(t.getMigrationId(), Long.MIN_VALUE) <= t.getUpdatedUs())
                .toList();
        if (newer.isEmpty()) {
            return;
        }
        deletePhases(connection, runName, newer);
        insertPhases(connection, runName, newer);
        upsertHeaders(connection, runName, newer);
    }

    private static Map<String, Long> storedVersions(Connection c, String runName, List<MigrationTimeline> values)
            throws SQLException {
        Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(STORED_SQL)) {
            new Params(ps).text(runName).textArray(values.stream().map(MigrationTimeline::getMigrationId).toList());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return stored;
    }

    private static void deletePhases(Connection c, String runName, List<MigrationTimeline> values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_PHASES_SQL)) {
            new Params(ps).text(runName).textArray(values.stream().map(MigrationTimeline::getMigrationId).toList());
            ps.executeUpdate();
        }
    }

    private static void insertPhases(Connection c, String runName, List<MigrationTimeline> values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PHASE_SQL)) {
            for (MigrationTimeline t : values) {
                for (Phase p : t.getPhases()) {
                    new Params(ps).text(runName).text(t.getMigrationId()).text(p.getName())
                            .int8(p.getStartUs()).int8(p.getEndUs()).text(p.getStartSource()).text(p.getEndSource());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void upsertHeaders(Connection c, String runName, List<MigrationTimeline> values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEADER_SQL)) {
            for (MigrationTimeline t : values) {
                new Params(ps).text(runName).text(t.getMigrationId())
                        .text(t.getVm()).text(t.getCluster()).text(t.getPlatform().name())
                        .text(t.getSourceHost()).text(t.getTargetHost()).text(t.getMode()).text(t.getOutcome())
                        .bool(t.getFinal$()).int4(t.getPasses().size()).textArray(t.getFlags())
                        .int8(t.getUpdatedUs());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
