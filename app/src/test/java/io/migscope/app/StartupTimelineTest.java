package io.migscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupTimelineTest {

    @Test
    void stepsAreListedInTheOrderTheyHappenedInSecondsAfterLaunch() {
        StartupTimeline t = new StartupTimeline(1_000_000L);
        t.markAt("streams running", 1_009_250L);
        Map<String, Long> stack = new LinkedHashMap<>();
        stack.put("postgres", 1_002_000L);
        stack.put("kafka", 1_003_100L);
        t.markAll(stack);
        t.markAt("page", 1_000_900L);
        // A step is done once: a later mark of it does not move it.
        t.markAt("page", 1_005_000L);

        assertThat(t.steps()).isEqualTo("page 0.9, postgres 2.0, kafka 3.1, streams running 9.3");
        assertThat(t.secondsTo(1_012_345L)).isEqualTo(12.345);
    }

    @Test
    void withoutALaunchTimeTheClockStartsNow() {
        long before = System.currentTimeMillis();
        StartupTimeline t = StartupTimeline.fromLaunch();
        assertThat(t.secondsTo(before)).isLessThanOrEqualTo(0.0);
    }
}
