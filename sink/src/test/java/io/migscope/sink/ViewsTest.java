package io.migscope.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.migscope.avro.AlertKind;
import io.migscope.avro.AlertState;
import io.migscope.avro.MigrationSummary;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private static final long HOUR_US = 3_600_000_000L;

    @Test
    void blackoutPercentilesPerClusterAndHourMatchAnIndependentComputation() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        Random random = new Random(7);
        Map<String, List<Double>> expected = new HashMap<>();
        List<SpecificRecord> summaries = new ArrayList<>();
        int[][] groups = {{1, 0, 17}, {1, 1, 5}, {2, 0, 4}}; // cluster, hour, how many
        for (int[] g : groups) {
            for (int i = 0; i < g[2]; i++) {
                double blackout = Math.round(random.nextDouble() * 200_000) / 100.0;
                long completed = Samples.T0_US + g[1] * HOUR_US + random.nextInt(3_599) * 1_000_000L;
                summaries.add(Samples.summary("c" + g[0] + "h" + g[1] + "-" + i).setCluster("c" + g[0])
                        .setCompletedAtUs(completed).setObservedBlackoutMs(blackout).build());
                expected.computeIfAbsent("c" + g[0] + "|" + g[1], k -> new ArrayList<>()).add(blackout);
            }
        }
        // No blackout measured: must not count as zero.
        summaries.add(Samples.summary("no-probes").setObservedBlackoutMs(null).build());
        new RowWriter(ds, "live").write(Samples.records("summaries", summaries));

        List<String> rows = TestDatabases.rows(ds, "SELECT cluster, extract(epoch FROM hour)::bigint, migrations,"
                + " p50_ms, p95_ms, p99_ms, max_ms FROM blackout_percentiles_hourly ORDER BY 1, 2");

        assertThat(rows).hasSize(3);
        for (String row : rows) {
            String[] f = row.split("\\|");
            long hour = (Long.parseLong(f[1]) * 1_000_000L - Samples.T0_US) / HOUR_US;
            double[] values = expected.get(f[0] + "|" + hour).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(values);
            assertThat(Long.parseLong(f[2])).isEqualTo(values.length);
            assertThat(Double.parseDouble(f[3])).isCloseTo(interpolated(values, 0.50), within(1e-9));
            assertThat(Double.parseDouble(f[4])).isCloseTo(interpolated(values, 0.95), within(1e-9));
            assertThat(Double.parseDouble(f[5])).isCloseTo(interpolated(values, 0.99), within(1e-9));
            assertThat(Double.parseDouble(f[6])).isEqualTo(values[values.length - 1]);
        }
    }

    @Test
    void nonConvergingLast24hShowsAlertsActiveInTheLastDayOnly() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long day = 24 * HOUR_US;
        List<SpecificRecord> alerts = List.of(
                Samples.alert("recent", AlertKind.NON_CONVERGING, AlertState.FIRING, now - HOUR_US, null),
                Samples.alert("still-firing", AlertKind.NON_CONVERGING, AlertState.FIRING, now - 3 * day, null),
                Samples.alert("resolved-today", AlertKind.NON_CONVERGING, AlertState.RESOLVED, now - 2 * day,
                        now - HOUR_US),
                Samples.alert("resolved-long-ago", AlertKind.NON_CONVERGING, AlertState.RESOLVED, now - 3 * day,
                        now - 2 * day),
                Samples.alert("stuck", AlertKind.STUCK, AlertState.FIRING, now - HOUR_US, null));
        List<SpecificRecord> all = new ArrayList<>(alerts);
        all.add(Samples.summary("recent").setOutcome("failed").build());
        new RowWriter(ds, "live").write(Samples.records("alerts", all));

        assertThat(TestDatabases.rows(ds, "SELECT migration_id, state, outcome FROM nonconverging_last_24h ORDER BY 1"))
                .containsExactly("recent|FIRING|failed", "resolved-today|RESOLVED|null", "still-firing|FIRING|null");
    }

    @Test
    void waveTimelineCountsStartsCompletionsAndInFlightPerMinute() throws SQLException {
        DataSource ds = TestDatabases.freshMigrated();
        long m = Samples.MINUTE_US;
        long t = Samples.T0_US;
        List<MigrationSummary> wave = List.of(
                // started minute 0, done minute 2
                Samples.summary("a").setStartedAtUs(t + 10_000_000).setCompletedAtUs(t + 2 * m + 5_000_000).build(),
                // started minute 0, done minute 0
                Samples.summary("b").setStartedAtUs(t + 20_000_000).setCompletedAtUs(t + 50_000_000).build(),
                // started minute 1, failed minute 3
                Samples.summary("c").setStartedAtUs(t + m + 1).setCompletedAtUs(t + 3 * m + 1)
                        .setOutcome("failed").build(),
                // another wave: must not be counted here
                Samples.summary("d").setWave("w2").setStartedAtUs(t).setCompletedAtUs(t + m).build());
        new RowWriter(ds, "live").write(Samples.records("summaries", wave));

        assertThat(TestDatabases.rows(ds, "SELECT (extract(epoch FROM minute)::bigint * 1000000 - " + t + ") / "
                + m + ", started, completed, ended, in_flight FROM wave_timeline WHERE wave = 'w1' ORDER BY minute"))
                .containsExactly(
                        "0|2|1|1|1",
                        "1|1|0|0|2",
                        "2|0|1|1|1",
                        "3|0|0|1|0");
    }

    /** percentile_cont: linear interpolation between the closest ranks, position p * (n - 1). */
    private static double interpolated(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
