package io.migscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.migscope.avro.MigrationSummary;
import io.migscope.embedded.KafkaStack;
import io.migscope.embedded.MigscopeKafkaExtension;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall-clock idle flush closes the migrations still in their recovery window when the inputs go quiet, but only
 * counts quiet time while the broker answers: during an outage the collectors spool, so quiet is not the end.
 */
@ExtendWith(MigscopeKafkaExtension.class)
class IdleFlushTest {
    private static final long START_US = 1_790_000_000_000_000L;
    private static final Instant WALL = Instant.ofEpochMilli(1_800_000_000_000L);
    private final Map<String, MigrationSummary> seen = new java.util.HashMap<>();

    @Test
    void quietTimeCountsOnlyWhileTheBrokerAnswers(KafkaStack stack, @TempDir Path state) {
        FleetSimulator sim = new FleetSimulator(SimulationSpec.demo(3, START_US));
        AtomicLong reachableSince = new AtomicLong(Long.MAX_VALUE);
        try (TopologyFixture f = new TopologyFixture(stack, state, Map.of("streams.idle.close", "30s"),
                reachableSince::get, WALL)) {
            sim.run(f::pipe);
            int expected = sim.expectations().size();
            int beforeQuiet = summaries(f).size();
            assertThat(beforeQuiet).as("the last migrations wait for their recovery window").isLessThan(expected);

            tick(f, 120);
            assertThat(summaries(f)).as("two minutes of outage close nothing").hasSize(beforeQuiet);

            reachableSince.set(WALL.toEpochMilli() + 120_000L);
            tick(f, 20);
            assertThat(summaries(f)).as("20 s after the broker answers again").hasSize(beforeQuiet);
            tick(f, 12);
            assertThat(summaries(f)).as("idle close once 30 s passed with the broker up").hasSize(expected);
        }
    }

    private static void tick(TopologyFixture f, int seconds) {
        for (int i = 0; i < seconds; i++) {
            f.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    /** Every summary so far (the driver hands out each output record once). */
    private Map<String, MigrationSummary> summaries(TopologyFixture f) {
        seen.putAll(f.latest(f.topics.summaries(), f.serdes.summaries()));
        return seen;
    }
}
