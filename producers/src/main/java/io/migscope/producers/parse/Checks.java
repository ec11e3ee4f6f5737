package io.migscope.producers.parse;

import java.time.Clock;

/** Plausibility rules shared by all parsers. Each returns a reason when the value is absurd, else null. */
public final class Checks {

    /** 2000-01-01T00:00:00Z: nothing migscope reads can be older. */
    public static final long MIN_TIME_US = 946_684_800_000_000L;
    /** A day of clock skew is tolerated; beyond that a timestamp is garbage. */
    public static final long MAX_FUTURE_US = 86_400_000_000L;

    private Checks() {
    }

    public static String time(String name, long timeUs, Clock clock) {
        if (timeUs < MIN_TIME_US) {
            return name + " " + timeUs + " us is before 2000-01-01";
        }
        long limit = clock.millis() * 1000L + MAX_FUTURE_US;
        if (timeUs > limit) {
            return name + " " + timeUs + " us is more than a day in the future";
        }
        return null;
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
