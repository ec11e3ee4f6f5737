package io.migscope.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private long now = 1_000_000_000L;
    private final List<Long> sleptUntil = new ArrayList<>();

    private Pacer pacer(double speed) {
        return new Pacer(speed, () -> now, due -> {
            sleptUntil.add(due);
            now = due;
        });
    }

    @Test
    void realTimeWaitsForTheEventTimeDistanceFromTheFirstRecord() throws InterruptedException {
        Pacer p = pacer(1.0);
        p.await(5_000_000);
        p.await(5_250_000);
        p.await(5_250_000);
        p.await(7_000_000);
        assertThat(sleptUntil).containsExactly(1_000_000_000L + 250_000_000L, 1_000_000_000L + 2_000_000_000L);
    }

    @Test
    void speedTenWaitsATenthAndMaxNeverWaits() throws InterruptedException {
        Pacer p = pacer(10.0);
        p.await(0);
        p.await(1_000_000);
        assertThat(sleptUntil).containsExactly(1_000_000_000L + 100_000_000L);
        Pacer max = Pacer.max();
        long started = System.nanoTime();
        max.await(0);
        max.await(3_600_000_000L);
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
    }

    @Test
    void aSlowConsumerIsNotMadeToWaitAgain() throws InterruptedException {
        Pacer p = pacer(1.0);
        p.await(0);
        now += 5_000_000_000L;
        p.await(1_000_000);
        assertThat(sleptUntil).isEmpty();
    }

    @Test
    void aLongQuietGapIsShortenedToTheLongestWaitAndThePaceResumesAfterIt() throws InterruptedException {
        Pacer p = pacer(50.0).withMaxWait(java.time.Duration.ofSeconds(2));
        p.await(0);
        p.await(86_400_000_000L);          // a day later in event time: 28.8 min at 50x, shortened to 2 s
        p.await(86_405_000_000L);          // 5 s later: 100 ms at 50x, as before the gap
        assertThat(sleptUntil).containsExactly(1_000_000_000L + 2_000_000_000L,
                1_000_000_000L + 2_000_000_000L + 100_000_000L);
    }

    @Test
    void parseAcceptsMaxOrAPositiveNumberAndRejectsTheRest() {
        assertThat(Pacer.parse("max")).isNotNull();
        assertThat(Pacer.parse("2.5")).isNotNull();
        assertThatThrownBy(() -> Pacer.parse("fast")).hasMessageContaining("'fast'").hasMessageContaining("expected max");
        assertThatThrownBy(() -> Pacer.parse("0")).hasMessageContaining("expected a number > 0");
    }
}
