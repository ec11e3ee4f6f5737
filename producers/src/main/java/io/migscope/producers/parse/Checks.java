package io.migscope.producers.parse;

import io.migscope.validate.Plausibility;
import java.time.Clock;

/** Plausibility rules shared by all parsers. Each returns a reason when the value is absurd, else null. */
public final class Checks {

    /** 2000-01-01T00:00:00Z: nothing migscope reads can be older. */
    public static final long MIN_TIME_US = Plausibility.MIN_TIME_US;
    /** A day of clock skew is tolerated; beyond that a timestamp is garbage. */
    public static final long MAX_FUTURE_US = Plausibility.MAX_FUTURE_US;

    private Checks() {
    }

    public static String time(String name, long timeUs, Clock clock) {
        return Plausibility.time(name, timeUs, clock.millis() * 1000L);
    }

    public static String nonNegative(String name, Long value) {
        return value != null && value < 0 ? name + " is negative (" + value + ")" : null;
    }

    public static String notAbove(String smaller, Long small, String larger, Long large) {
        return small != null && large != null && small > large
                ? smaller + " (" + small + ") is greater than " + larger + " (" + large + ")" : null;
    }

    /** The first non-null reason, so that callers can chain checks. */
    public static String first(String... reasons) {
        for (String reason : reasons) {
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
