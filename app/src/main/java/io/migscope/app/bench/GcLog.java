package io.migscope.app.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap use read from its unified GC log ({@code -Xlog:gc,gc+heap+exit:file=...}), so the heap of a child
 * JVM is measured without attaching to it. Heap use peaks just before a collection, and at exit; the log has both:
 * <pre>
 * [2.654s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 30M-&gt;11M(64M) 64.088ms
 * [3.080s][info][gc,heap,exit]  garbage-first heap   total 65536K, used 20296K [0x00000000fc000000, ...)
 * </pre>
 * Lines of other shapes (concurrent phases, region sizes, metaspace) carry no heap figure and are skipped.
 */
final class GcLog {
    private static final Pattern PAUSE = Pattern.compile(
            "\\] GC\\(\\d+\\) Pause (\\S+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) [\\d.]+ms\\s*$");
    private static final Pattern EXIT = Pattern.compile("\\[gc,heap,exit\\s*\\].* heap\\s+total (\\d+)K, used (\\d+)K");

    /**
     * @param peakMb         most heap in use at any pause or at exit (garbage included: what the heap had to hold)
     * @param afterGcPeakMb  most heap still in use right after a pause: an upper bound of the live data
     * @param capacityMb     the largest heap size the log reports (bounded by -Xmx)
     * @param pauses         collections logged
     * @param fullPauses     full collections: the sign of a heap too small for its live data
     */
    record Heap(double peakMb, double afterGcPeakMb, double capacityMb, int pauses, int fullPauses) {
    }

    private GcLog() {
    }

    static Heap read(List<String> lines) {
        long peak = 0;
        long afterPeak = 0;
        long capacity = 0;
        int pauses = 0;
        int full = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses++;
                full += m.group(1).equals("Full") ? 1 : 0;
                peak = Math.max(peak, bytes(m.group(2), m.group(3)));
                afterPeak = Math.max(afterPeak, bytes(m.group(4), m.group(5)));
                capacity = Math.max(capacity, bytes(m.group(6), m.group(7)));
                continue;
            }
            Matcher e = EXIT.matcher(line);
            if (e.find()) {
                capacity = Math.max(capacity, bytes(e.group(1), "K"));
                peak = Math.max(peak, bytes(e.group(2), "K"));
            }
        }
        return new Heap(mb(peak), mb(afterPeak), mb(capacity), pauses, full);
    }

    /** HotSpot prints whole units; a figure too long for a long is no heap we could have. */
    private static long bytes(String number, String unit) {
        long shift = switch (unit) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        try {
            long v = Long.parseLong(number);
            return v > (Long.MAX_VALUE >> shift) ? 0 : v << shift;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double mb(long bytes) {
        return BenchResult.round(bytes / 1048576.0, 1);
    }
}
