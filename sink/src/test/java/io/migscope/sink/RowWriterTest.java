package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.DeadLetter;
import io.migscope.avro.MigrationSummary;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class RowWriterTest {
    private static final List<String> TABLES = List.of("migrations", "migration_timelines", "migration_phases",
            "downtime_reports", "downtime_intervals", "rollups", "rollup_metrics", "alerts", "dead_letters");

    @Test
    void deliveringEverythingTwiceLeavesEveryRowIdentical() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        RowWriter writer = new RowWriter(ds, "live");

        WriteResult first = writer.write(Samples.everything());
        Map<String, List<String>> before = dumpAll(ds);
        WriteResult second = writer.write(Samples.everything());

        assertThat(dumpAll(ds)).isEqualTo(before);
        assertThat(first.rowsWritten()).isEqualTo(82);
        assertThat(second.deadLetters()).isEmpty();
        assertThat(before.get("migrations")).hasSize(20);
        assertThat(before.get("migration_phases")).hasSize(80);
        assertThat(before.get("downtime_intervals")).hasSize(40);
        assertThat(before.get("rollups")).hasSize(20);
        assertThat(before.get("rollup_metrics")).hasSize(40);
        assertThat(before.get("alerts")).hasSize(2);
        assertThat(TestDatabases.rows(ds, "SELECT completed_at AT TIME ZONE 'UTC', migration_time_ms, alerts,"
                + " hypervisor_bytes FROM migrations WHERE migration_id = 'm0'"))
                .containsExactly("2025-01-01 00:00:31|31000|{STUCK}|" + (8L << 30));
        assertThat(TestDatabases.rows(ds, "SELECT open, first_reply_us, upper_ms FROM downtime_intervals"
                + " WHERE migration_id = 'm0' ORDER BY last_reply_us"))
                .containsExactly("f|" + (Samples.T0_US + 20_300_000) + "|300", "t|null|null");
        assertThat(TestDatabases.rows(ds, "SELECT metric, count, p95, encode(sketch, 'hex') FROM rollup_metrics"
                + " WHERE dimension_value = 'c0' AND window_start_us = " + Samples.T0_US + " ORDER BY metric"))
                .containsExactly("migration_time_ms|3|45000|01020304", "observed_blackout_ms|3|300|090807");
    }

    @Test
    void aReplayWritesItsOwnRowsBesideTheLiveOnes() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        new RowWriter(ds, "live").write(Samples.everything());
        new RowWriter(ds, "replay-1").write(Samples.everything());

        assertThat(TestDatabases.rows(ds, "SELECT run_name, count(*) FROM migrations GROUP BY 1 ORDER BY 1"))
                .containsExactly("live|20", "replay-1|20");
    }

    @Test
    void aTimelineUpdateReplacesThePhasesAndAnOlderOneChangesNothing() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        RowWriter writer = new RowWriter(ds, "live");
        String phases = "SELECT name, start_us - " + Samples.T0_US + " FROM migration_phases ORDER BY start_us";

        writer.write(Samples.records("timelines", List.of(
                Samples.timeline("m", 100, "requested", "precopy", "postcopy"))));
        writer.write(Samples.records("timelines", List.of(Samples.timeline("m", 200, "requested", "precopy"))));
        assertThat(TestDatabases.rows(ds, phases)).containsExactly("requested|0", "precopy|5000000");

        writer.write(Samples.records("timelines", List.of(
                Samples.timeline("m", 150, "requested", "precopy", "switchover", "completed"))));
        assertThat(TestDatabases.rows(ds, phases)).containsExactly("requested|0", "precopy|5000000");
        assertThat(TestDatabases.rows(ds, "SELECT updated_us FROM migration_timelines")).containsExactly("200");
    }

    @Test
    void anOlderAlertUpdateDoesNotReopenAResolvedAlert() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        RowWriter writer = new RowWriter(ds, "live");
        long t = Samples.T0_US;

        writer.write(Samples.records("alerts", List.of(
                Samples.alert("m", AlertKind.STUCK, AlertState.RESOLVED, t, t + 9))));
        writer.write(Samples.records("alerts", List.of(Samples.alert("m", AlertKind.STUCK, AlertState.FIRING, t, null))));

        assertThat(TestDatabases.rows(ds, "SELECT state, resolved_at_us - fired_at_us FROM alerts"))
                .containsExactly("RESOLVED|9");
    }

    @Test
    void aRowViolatingAConstraintBecomesADeadLetterAndTheOthersLand() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        List<SpecificRecord> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            MigrationSummary.Builder summary = Samples.summary("m" + i);
            values.add(i == 4 ? summary.setMigrationTimeMs(-5L).build() : summary.build());
        }
        values.add(Samples.rollup("c1", Samples.T0_US));

        WriteResult result = new RowWriter(ds, "live").write(Samples.records("summaries", values));

        assertThat(result.rowsWritten()).isEqualTo(10);
        assertThat(result.deadLetters()).hasSize(1);
        DeadLetter letter = result.deadLetters().get(0);
        assertThat(letter.getOrigin()).isEqualTo("summaries");
        assertThat(letter.getOffset()).isEqualTo(4L);
        assertThat(letter.getStage()).isEqualTo("sink");
        assertThat(letter.getReason()).startsWith("SQLState 23514")
                .contains("migrations_migration_time_ms_check");
        assertThat(letter.getExpected()).contains("MigrationSummary");
        assertThat(TestDatabases.rows(ds, "SELECT migration_id FROM migrations ORDER BY 1"))
                .containsExactly("m0", "m1", "m2", "m3", "m5", "m6", "m7", "m8", "m9");
        assertThat(TestDatabases.count(ds, "SELECT count(*) FROM rollups")).isEqualTo(1);
        assertThat(TestDatabases.rows(ds, "SELECT origin, \"offset\", stage, reason LIKE '%23514%' FROM dead_letters"))
                .containsExactly("summaries|4|sink|t");
    }

    @Test
    void aLaterRecordWithTheSameKeyInOneBatchSupersedesTheEarlierOne() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        WriteResult result = new RowWriter(ds, "live").write(Samples.records("summaries", List.of(
                Samples.summary("m").setOutcome("failed").build(),
                Samples.summary("m").setOutcome("completed").build())));

        assertThat(result.superseded()).isEqualTo(1);
        assertThat(TestDatabases.rows(ds, "SELECT outcome FROM migrations")).containsExactly("completed");
    }

    private static Map<String, List<String>> dumpAll(DataSource ds) throws SQLException {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String table : TABLES) {
            dump.put(table, TestDatabases.dump(ds, table));
        }
        return dump;
    }
}
