package io.migscope.validate;

import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * What a value from a source can possibly be: times between 2000 and a day from now, byte counts and rates between
 * 0 and 1 PiB, round trips between 0 and an hour. Shared by the parsers (a bad line is rejected) and the streams
 * input edge (a record some other producer wrote goes to the dead letters), so both apply the same rules.
 */
public final class Plausibility {
    /** 2000-01-01T00:00:00Z: nothing migscope reads can be older. */
    public static final long MIN_TIME_US = 946_684_800_000_000L;
    /** A day of clock skew is tolerated; beyond that a timestamp is garbage. */
    public static final long MAX_FUTURE_US = 86_400_000_000L;
    /** 1 PiB: more than any migration moves, and more per second than any link carries. */
    public static final long MAX_BYTES = 1L << 50;
    /** An hour: a reply later than that is not a round trip. */
    public static final long MAX_RTT_US = 3_600_000_000L;
    /** A guest that needs more than an hour for one GiB is not slowed down, it is stopped: the number is garbage. */
    public static final double MAX_MS_PER_GB = 3_600_000.0;

    private Plausibility() {
    }

    /** Null when {@code timeUs} is a plausible instant, else the reason. */
    public static String time(String name, long timeUs, long nowUs) {
        if (timeUs < MIN_TIME_US) {
            return name + " " + timeUs + " us is before 2000-01-01";
        }
        if (timeUs > nowUs + MAX_FUTURE_US) {
            return name + " " + timeUs + " us is more than a day in the future";
        }
        return null;
    }

    /**
     * The first absurd value of a record (nested records and arrays included), by field name: {@code *_time_us},
     * {@code *_at_us}, {@code at_us} and {@code interval_start_us}/{@code interval_end_us} are instants, fields naming
     * {@code bytes} are byte counts or rates, {@code rtt_us} a round trip, {@code ms_per_gb} the time a guest took to
     * write a GiB (above 0, at most an hour). Null when nothing is absurd.
     */
    public static String problem(IndexedRecord record, long nowUs) {
        for (Schema.Field f : record.getSchema().getFields()) {
            String reason = check(f.name(), record.get(f.pos()), nowUs);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String check(String name, Object value, long nowUs) {
        if (value instanceof IndexedRecord nested) {
            return problem(nested, nowUs);
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String reason = check(name, item, nowUs);
                if (reason != null) {
                    return reason;
                }
            }
            return null;
        }
        if (value instanceof Double d && name.equals("ms_per_gb")) {
            return msPerGb(d);
        }
        if (!(value instanceof Long) && !(value instanceof Integer)) {
            return null;
        }
        long v = ((Number) value).longValue();
        if (isInstant(name)) {
            return time(name, v, nowUs);
        }
        if (name.contains("bytes") && (v < 0 || v > MAX_BYTES)) {
            return name + " " + v + " is outside 0.." + MAX_BYTES + " (1 PiB)";
        }
        if (name.equals("rtt_us") && (v < 0 || v > MAX_RTT_US)) {
            return name + " " + v + " us is outside 0.." + MAX_RTT_US + " us (an hour)";
        }
        return null;
    }

    /** Null when a guest's milliseconds per GiB written can be real, else the reason. */
    public static String msPerGb(double ms) {
        // NaN fails both comparisons: written so that it is rejected too
        if (!(ms > 0 && ms <= MAX_MS_PER_GB)) {
            return "ms_per_gb " + ms + " is outside (0, " + (long) MAX_MS_PER_GB + "] (a GiB in at most an hour)";
        }
        return null;
    }

    private static boolean isInstant(String name) {
        return name.endsWith("_time_us") || name.endsWith("_at_us") || name.equals("at_us")
                || name.equals("interval_start_us") || name.equals("interval_end_us");
    }

    /** The record itself when plausible; otherwise an exception naming the record type and the absurd value. */
    public static <T extends IndexedRecord> T require(T record, long nowUs) {
        String reason = problem(record, nowUs);
        if (reason != null) {
            throw new IllegalArgumentException("implausible " + record.getSchema().getName() + ": " + reason);
        }
        return record;
    }

    public static long nowUs() {
        return System.currentTimeMillis() * 1000L;
    }
}
