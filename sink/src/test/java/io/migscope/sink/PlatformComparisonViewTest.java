package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Seed 002's tables from the migrations table: per wave, load, size and platform, over completed migrations. */
class PlatformComparisonViewTest {

    private static MigrationSummary summary(String id, Platform platform, String load, String outcome, long timeMs,
                                            Double blackoutMs, Double guestBaseline, Double guestMax) {
        return Samples.summary(id).setPlatform(platform).setLoadProfile(load).setFlavor("m").setOutcome(outcome)
                .setMigrationTimeMs(timeMs).setObservedBlackoutMs(blackoutMs).setReportedDowntimeMs(null)
                .setGuestBaselineMsPerGb(guestBaseline).setGuestSlowdownMaxMsPerGb(guestMax).build();
    }

    @Test
    void mediansAndWorstOfTheCompletedMigrationsPerPlatformAndLoad() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        List<MigrationSummary> rows = new ArrayList<>(List.of(
                summary("v1", Platform.VSPHERE, "DPG 256 MiB", "completed", 46_000, 629.0, 400.0, 1_100.0),
                summary("v2", Platform.VSPHERE, "DPG 256 MiB", "completed", 48_000, 700.0, 404.0, 1_200.0),
                summary("v3", Platform.VSPHERE, "DPG 256 MiB", "completed", 44_000, 650.0, 402.0, 1_000.0),
                // a failed migration is counted, but its times are not seed 002's migration time
                summary("v4", Platform.VSPHERE, "DPG 256 MiB", "failed", 5_000, null, null, null),
                summary("x1", Platform.XEN, "DPG 256 MiB", "completed", 99_000, 2_325.0, null, null),
                summary("k1", Platform.QEMU, "DPG 256 MiB", "completed", 45_000, 475.0, 398.0, 6_950.0),
                summary("k2", Platform.QEMU, "DPG 256 MiB", "completed", 47_000, 445.0, 406.0, 7_012.0),
                summary("k3", Platform.QEMU, "idle", "completed", 9_000, 240.0, 401.0, 690.0)));
        rows.add(MigrationSummary.newBuilder(rows.get(0)).setMigrationId("other-wave").setWave("w2").build());
        new RowWriter(ds, "live").write(Samples.records("summaries", rows));

        assertThat(TestDatabases.rows(ds, "SELECT load_profile, platform, migrations, completed, migration_time_p50_ms,"
                + " migration_time_max_ms, observed_blackout_p50_ms, observed_blackout_max_ms, reported_downtime_p50_ms,"
                + " guest_baseline_p50_ms_per_gb, guest_slowdown_max_ms_per_gb FROM platform_comparison"
                + " WHERE wave = 'w1' AND flavor = 'm' ORDER BY 1, 2"))
                .containsExactly(
                        "DPG 256 MiB|QEMU|2|2|46000|47000|460|475|null|402|7012",
                        "DPG 256 MiB|VSPHERE|4|3|46000|48000|650|700|null|402|1200",
                        "DPG 256 MiB|XEN|1|1|99000|99000|2325|2325|null|null|null",
                        "idle|QEMU|1|1|9000|9000|240|240|null|401|690");
        assertThat(TestDatabases.rows(ds, "SELECT wave, load_profile, platform, migrations FROM platform_comparison"
                + " WHERE wave = 'w2'")).containsExactly("w2|DPG 256 MiB|VSPHERE|1");
    }
}
