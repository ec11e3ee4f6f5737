package io.migscope.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.Platform;
import io.migscope.json.RecordJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The hour up to as_of, over summaries as the view holds them (records as JSON). */
class HourFiguresTest {
    private static final long T0 = 1_790_000_000_000_000L;

    @Test
    void countsAndPercentilesOfTheMigrationsThatEndedInTheHour() {
        Random random = new Random(7);
        List<MigrationSummary> all = new ArrayList<>();
        // Two and a half hours of ended migrations, one every 20 s; every 17th aborted, every 29th cancelled.
        for (int i = 0; i < 450; i++) {
            all.add(summary(i, T0 + i * 20_000_000L, random));
        }
        long asOf = all.get(all.size() - 1).getCompletedAtUs();
        List<JsonNode> json = all.stream().map(s -> (JsonNode) RecordJson.toJson(s)).toList();

        ObjectNode h = HourFigures.of(json, asOf);

        List<MigrationSummary> hour = all.stream()
                .filter(s -> s.getCompletedAtUs() > asOf - HourFigures.HOUR_US && s.getCompletedAtUs() <= asOf).toList();
        assertThat(hour).hasSize(180);
        assertThat(h.get("source").asText()).isEqualTo("summaries");
        assertThat(h.get("from_us").asLong()).isEqualTo(asOf - HourFigures.HOUR_US);
        assertThat(h.get("to_us").asLong()).isEqualTo(asOf);
        assertThat(h.get("ended").asLong()).isEqualTo(180);
        long completed = hour.stream().filter(s -> s.getOutcome().equals("completed")).count();
        long aborted = hour.stream().filter(s -> !s.getOutcome().equals("completed")).count();
        assertThat(h.get("completed").asLong()).isEqualTo(completed);
        assertThat(h.get("aborted").asLong()).as("aborted and cancelled").isEqualTo(aborted);
        assertThat(h.get("failed").asLong()).isZero();
        assertThat(h.get("success_rate").asDouble()).isEqualTo((double) completed / 180);
        assertPercentile(h.get("observed_blackout_ms"), hour, s -> nullable(s.getObservedBlackoutMs()), 0.50);
        assertPercentile(h.get("observed_blackout_ms"), hour, s -> nullable(s.getObservedBlackoutMs()), 0.95);
        assertPercentile(h.get("migration_time_ms"), hour, s -> s.getMigrationTimeMs(), 0.50);
        assertPercentile(h.get("migration_time_ms"), hour, s -> s.getMigrationTimeMs(), 0.95);
    }

    @Test
    void beforeAnyMigrationEndedThereIsNothingToCount() {
        ObjectNode h = HourFigures.of(List.of(), null);
        assertThat(h.get("ended").asLong()).isZero();
        assertThat(h.get("success_rate").isNull()).isTrue();
        assertThat(h.get("to_us").isNull()).isTrue();
        assertThat(h.get("observed_blackout_ms").get("count").asLong()).isZero();
        assertThat(h.get("observed_blackout_ms").get("p50").isNull()).isTrue();
    }

    /**
     * Nearest rank, by its definition: a value some migration had, with at least q of the values at or below it and
     * less than q strictly below it. Migrations without the value (an abort has no blackout) are not counted.
     */
    private static void assertPercentile(JsonNode d, List<MigrationSummary> hour, ToDoubleFunction<MigrationSummary> f,
                                         double q) {
        double[] values = hour.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
        double p = d.get(q == 0.5 ? "p50" : "p95").asDouble();
        assertThat(d.get("count").asInt()).isEqualTo(values.length);
        assertThat(values).contains(p);
        long atOrBelow = Arrays.stream(values).filter(v -> v <= p).count();
        long below = Arrays.stream(values).filter(v -> v < p).count();
        assertThat((double) atOrBelow).isGreaterThanOrEqualTo(q * values.length);
        assertThat((double) below).isLessThan(q * values.length);
    }

    private static double nullable(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static MigrationSummary summary(int i, long completedUs, Random random) {
        String outcome = i % 17 == 0 ? "aborted" : i % 29 == 0 ? "cancelled" : "completed";
        boolean completed = outcome.equals("completed");
        long timeMs = 5_000 + random.nextInt(20_000);
        return MigrationSummary.newBuilder().setMigrationId("m-" + i).setVm("vm-" + i).setCluster("cluster-" + i % 3)
                .setPlatform(Platform.SIMULATOR).setOutcome(outcome)
                .setRequestedAtUs(completedUs - timeMs * 1000).setCompletedAtUs(completedUs).setMigrationTimeMs(timeMs)
                .setObservedBlackoutMs(completed ? 150.0 + random.nextInt(300) : null).setBlackoutCount(completed ? 1 : 0)
                .setReportedDowntimeMs(completed ? 180L : null).setPasses(2).setAlerts(List.of()).setFlags(List.of())
                .build();
    }
}
