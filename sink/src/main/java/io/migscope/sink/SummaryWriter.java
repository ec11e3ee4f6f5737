package io.migscope.sink;

import io.migscope.avro.MigrationSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** One row per ended migration in {@code migrations}. */
final class SummaryWriter implements TableWriter<MigrationSummary> {
    private static final String SQL = Upsert.sql("migrations", List.of("run_name", "migration_id"),
            List.of("vm", "cluster", "platform", "source_host", "target_host", "outcome", "mode",
                    "requested_at_us", "started_at_us", "completed_at_us", "migration_time_ms", "queue_wait_ms",
                    "transfer_time_ms", "observed_blackout_ms", "observed_blackout_total_ms", "blackout_count",
                    "reported_downtime_ms", "brownout_ms", "rtt_baseline_us", "passes", "hypervisor_bytes",
                    "wire_bytes", "wire_bytes_note", "alerts", "flags", "wave", "flavor", "vm_memory_bytes",
                    "load_profile", "guest_baseline_ms_per_gb", "guest_slowdown_max_ms_per_gb"),
            true, null);

    @Override
    public Class<MigrationSummary> type() {
        return MigrationSummary.class;
    }

    @Override
    public String key(MigrationSummary s) {
        return s.getMigrationId();
    }

    @Override
    public void write(Connection connection, String runName, List<MigrationSummary> values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            for (MigrationSummary s : values) {
                new Params(ps).text(runName).text(s.getMigrationId())
                        .text(s.getVm()).text(s.getCluster()).text(s.getPlatform().name())
                        .text(s.getSourceHost()).text(s.getTargetHost()).text(s.getOutcome()).text(s.getMode())
                        .int8(s.getRequestedAtUs()).int8(s.getStartedAtUs()).int8(s.getCompletedAtUs())
                        .int8(s.getMigrationTimeMs()).int8(s.getQueueWaitMs()).int8(s.getTransferTimeMs())
                        .float8(s.getObservedBlackoutMs()).float8(s.getObservedBlackoutTotalMs())
                        .int4(s.getBlackoutCount()).int8(s.getReportedDowntimeMs()).float8(s.getBrownoutMs())
                        .int8(s.getRttBaselineUs()).int4(s.getPasses()).int8(s.getHypervisorBytes())
                        .int8(s.getWireBytes()).text(s.getWireBytesNote())
                        .textArray(s.getAlerts()).textArray(s.getFlags())
                        .text(s.getWave()).text(s.getFlavor()).int8(s.getVmMemoryBytes())
                        .text(s.getLoadProfile()).float8(s.getGuestBaselineMsPerGb())
                        .float8(s.getGuestSlowdownMaxMsPerGb());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
