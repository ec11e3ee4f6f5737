package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.CapacityHeld;
import io.migscope.avro.WaveConcurrency;
import io.migscope.avro.WaveMinute;
import io.migscope.avro.WaveStatus;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The waves writer and the wave_report view, on a real embedded PostgreSQL. */
class WaveWriterTest {
    private static final long T0 = 1_795_320_000_000_000L;
    private static final long MIN = 60_000_000L;
    private static final List<String> TABLES = List.of("waves", "wave_concurrency", "wave_minutes", "wave_capacity_held");

    @Test
    void aWaveIsStoredWithItsChildrenAndWritingItAgainChangesNothing() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        RowWriter writer = new RowWriter(ds, "live");
        writer.write(Samples.records("waves", List.of(wave("seed-000", 3_200, 33, 30))));
        List<List<String>> before = dump(ds);
        WriteResult again = writer.write(Samples.records("waves", List.of(wave("seed-000", 3_200, 33, 30))));

        assertThat(dump(ds)).isEqualTo(before);
        assertThat(again.deadLetters()).isEmpty();
        assertThat(before.get(0)).hasSize(1);
        assertThat(before.get(1)).hasSize(3);
        assertThat(before.get(2)).hasSize(33);
        assertThat(before.get(3)).hasSize(1);
        assertThat(TestDatabases.rows(ds, "SELECT vms, duration_ms, first_requested_at AT TIME ZONE 'UTC',"
                + " capacity_held_ms FROM waves")).containsExactly("3200|1980000|2026-11-22 04:00:00|95000");
    }

    @Test
    void theReportSaysTheWaveWasCapacityBound() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        new RowWriter(ds, "live").write(Samples.records("waves", List.of(wave("seed-000", 3_200, 33, 30),
                wave("spread-out", 40, 20, 2))));

        assertThat(TestDatabases.rows(ds, "SELECT wave_id, duration_min, pct_time_at_cluster_limit, verdict"
                + " FROM wave_report ORDER BY wave_id")).containsExactly(
                "seed-000|33.0000000000000000|90.9|capacity-bound: at the cluster limit of 25 for 91% of the wave;"
                        + " VMs queued up to 31.0 min",
                "spread-out|20.0000000000000000|10.0|slots held by straggling disks for 95 s");
    }

    @Test
    void aRemovedBatchIsDeletedWithItsChildrenAndARowErrorGoesToTheDeadLetters() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        RowWriter writer = new RowWriter(ds, "live");
        writer.write(Samples.records("waves", List.of(wave("prod-a@2026-11-22T04:00:00Z", 10, 5, 1),
                wave("prod-a@2026-11-22T03:57:00Z", 11, 8, 1))));
        WaveStatus removed = WaveStatus.newBuilder().setWaveId("prod-a@2026-11-22T04:00:00Z")
                .setQueueWaitSketch(ByteBuffer.allocate(0)).setRemoved(true).build();
        WaveStatus broken = WaveStatus.newBuilder(wave("broken", 3, 2, 1)).setVms(-3).build();
        WriteResult result = writer.write(Samples.records("waves", List.of(removed, broken)));

        assertThat(TestDatabases.rows(ds, "SELECT wave_id FROM waves")).containsExactly("prod-a@2026-11-22T03:57:00Z");
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM wave_minutes")).isEqualTo(8);
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM wave_concurrency WHERE wave_id LIKE '%04:00:00Z'")).isZero();
        assertThat(result.deadLetters()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("vms"));
    }

    /** A wave of {@code vms} VMs over {@code minutes} minutes, at the cluster limit of 25 for {@code atLimitMin}. */
    static WaveStatus wave(String id, int vms, int minutes, int atLimitMin) {
        List<WaveMinute> perMinute = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            perMinute.add(new WaveMinute(T0 + i * MIN, 25, Math.max(0, vms - 25 - i * 100), 100, 97));
        }
        return WaveStatus.newBuilder().setWaveId(id).setLabel(id.contains("@") ? null : id).setCluster("prod-a")
                .setFirstRequestedUs(T0).setFirstStartedUs(T0 + 1_000_000).setLastEndedUs(T0 + minutes * MIN)
                .setVms(vms).setCompleted(vms - 1).setFailed(1).setAborted(0).setDurationMs(minutes * MIN / 1000)
                .setSecondsPerVm(minutes * 60.0 / vms).setMigrationsPerMinute((double) vms / minutes)
                .setPeakInFlight(25)
                .setConcurrency(List.of(
                        new WaveConcurrency("cluster", "prod-a", 25, 25, atLimitMin * MIN / 1000, 0L),
                        new WaveConcurrency("node", "node-01", 2, 2, 60_000L, 0L),
                        new WaveConcurrency("node", "node-02", 2, 1, 0L, 0L)))
                .setMinutes(perMinute)
                .setQueueWaitP50Ms(400_000.0).setQueueWaitP95Ms(1_700_000.0).setQueueWaitMaxMs(1_860_000.0)
                .setQueueWaitSketch(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setCapacityHeld(List.of(new CapacityHeld("vm-7", "mig-7", "sdc", 3, T0 + MIN, T0 + MIN + 95_000_000, 95_000L)))
                .setCapacityHeldMs(95_000L).setUpdatedUs(T0 + minutes * MIN).build();
    }

    private static List<List<String>> dump(DataSource ds) throws SQLException {
        List<List<String>> all = new ArrayList<>();
        for (String table : TABLES) {
            all.add(TestDatabases.dump(ds, table));
        }
        return all;
    }
}
