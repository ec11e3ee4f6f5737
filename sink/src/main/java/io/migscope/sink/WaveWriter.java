package io.migscope.sink;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.WaveConcurrency;
import io.migscope.avro.WaveMinute;
import io.migscope.avro.WaveStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One row per wave in {@code waves}, with its per-scope concurrency, its minutes and its capacity-held VMs in child
 * tables. A status with {@code removed} set (a tombstone of a batch merged into another) deletes the wave.
 */
final class WaveWriter implements TableWriter<WaveStatus> {
    private static final List<String> KEY = List.of("run_name", "wave_id");
    private static final String WAVE_SQL = Upsert.sql("waves", KEY, List.of("label", "cluster", "first_requested_us",
            "first_started_us", "last_ended_us", "vms", "completed", "failed", "aborted", "duration_ms", "seconds_per_vm",
            "migrations_per_minute", "peak_in_flight", "queue_wait_p50_ms", "queue_wait_p95_ms", "queue_wait_max_ms",
            "queue_wait_sketch", "capacity_held_ms", "members_dropped", "updated_us"), true, null);
    private static final String CONCURRENCY_SQL = Upsert.sql("wave_concurrency",
            List.of("run_name", "wave_id", "scope", "name"),
            List.of("\"limit\"", "peak_in_flight", "at_limit_ms", "over_limit_ms"), false, null);
    private static final String MINUTE_SQL = Upsert.sql("wave_minutes",
            List.of("run_name", "wave_id", "minute_start_us"),
            List.of("max_in_flight", "max_queued", "started", "ended"), false, null);
    private static final String HELD_SQL = Upsert.sql("wave_capacity_held",
            List.of("run_name", "wave_id", "vm", "disk", "since_us"),
            List.of("migration_id", "disks", "until_us", "held_ms"), false, null);
    private static final String DELETE_SQL = "DELETE FROM waves WHERE run_name = ? AND wave_id = ?";

    @Override
    public Class<WaveStatus> type() {
        return WaveStatus.class;
    }

    @Override
    public String key(WaveStatus w) {
        return w.getWaveId();
    }

    @Override
    public void write(Connection connection, String runName, List<WaveStatus> values) throws SQLException {
        try (PreparedStatement waves = connection.prepareStatement(WAVE_SQL);
                PreparedStatement concurrency = connection.prepareStatement(CONCURRENCY_SQL);
                PreparedStatement minutes = connection.prepareStatement(MINUTE_SQL);
                PreparedStatement held = connection.prepareStatement(HELD_SQL);
                PreparedStatement delete = connection.prepareStatement(DELETE_SQL)) {
            for (WaveStatus w : values) {
                if (w.getRemoved()) {
                    new Params(delete).text(runName).text(w.getWaveId());
                    delete.addBatch();
                } else {
                    addWave(waves, runName, w);
                    addChildren(concurrency, minutes, held, runName, w);
                }
            }
            // Deletes first (a batch key is never both removed and written in one call: RowWriter keeps the
            // latest record per wave id); parents before children for the foreign keys.
            delete.executeBatch();
            waves.executeBatch();
            concurrency.executeBatch();
            minutes.executeBatch();
            held.executeBatch();
        }
    }

    private static void addWave(PreparedStatement waves, String runName, WaveStatus w) throws SQLException {
        new Params(waves).text(runName).text(w.getWaveId()).text(w.getLabel()).text(w.getCluster())
                .int8(w.getFirstRequestedUs()).int8(w.getFirstStartedUs()).int8(w.getLastEndedUs())
                .int4(w.getVms()).int4(w.getCompleted()).int4(w.getFailed()).int4(w.getAborted())
                .int8(w.getDurationMs()).float8(w.getSecondsPerVm()).float8(w.getMigrationsPerMinute())
                .int4(w.getPeakInFlight()).float8(w.getQueueWaitP50Ms()).float8(w.getQueueWaitP95Ms())
                .float8(w.getQueueWaitMaxMs()).bytes(w.getQueueWaitSketch()).int8(w.getCapacityHeldMs())
                .int4(w.getMembersDropped()).int8(w.getUpdatedUs());
        waves.addBatch();
    }

    private static void addChildren(PreparedStatement concurrency, PreparedStatement minutes, PreparedStatement held,
                                    String runName, WaveStatus w) throws SQLException {
        for (WaveConcurrency c : w.getConcurrency()) {
            new Params(concurrency).text(runName).text(w.getWaveId()).text(c.getScope()).text(c.getName())
                    .int4(c.getLimit()).int4(c.getPeakInFlight()).int8(c.getAtLimitMs()).int8(c.getOverLimitMs());
            concurrency.addBatch();
        }
        for (WaveMinute m : w.getMinutes()) {
            new Params(minutes).text(runName).text(w.getWaveId()).int8(m.getMinuteStartUs())
                    .int4(m.getMaxInFlight()).int4(m.getMaxQueued()).int4(m.getStarted()).int4(m.getEnded());
            minutes.addBatch();
        }
        for (CapacityHeld h : w.getCapacityHeld()) {
            new Params(held).text(runName).text(w.getWaveId()).text(h.getVm()).text(h.getDisk()).int8(h.getSinceUs())
                    .text(h.getMigrationId()).int4(h.getDisks()).int8(h.getUntilUs()).int8(h.getHeldMs());
            held.addBatch();
        }
    }
}
