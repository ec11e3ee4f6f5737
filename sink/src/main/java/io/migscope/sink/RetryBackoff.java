package io.migscope.sink;

import java.time.Duration;

/** How long the sink waits between attempts to reach the database: doubling from {@code initial} up to {@code max}. */
public record RetryBackoff(Duration initial, Duration max) {
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 < initial <= max, got " + initial + " .. " + max);
        }
    }
}
