package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Bytes seen on the wire for one migration: the sum of its link shares, each interval counted once however often
 * it is delivered. Says when the host pair was shared with other migrations and the bytes could not be split.
 */
public final class WireBytes {
    private final TreeMap<String, Long> intervals = new TreeMap<>();
    private int maxSharedWith;

    /** Returns false for an interval already counted (a duplicate). */
    public boolean add(LinkSample l) {
        String key = l.getHost() + "|" + l.getSourceHost() + "|" + l.getTargetHost() + "|" + l.getSourcePort() + "|"
                + l.getTargetPort() + "|" + l.getIntervalEndUs();
        maxSharedWith = Math.max(maxSharedWith, l.getSharedWith());
        return intervals.put(key, l.getBytesSent() + l.getBytesReceived()) == null;
    }

    /** Total bytes, or null when no link sample was attributed. */
    public Long total() {
        return intervals.isEmpty() ? null : intervals.values().stream().mapToLong(Long::longValue).sum();
    }

    public String note() {
        if (intervals.isEmpty()) {
            return "no link samples between the source and target hosts";
        }
        return maxSharedWith == 0 ? null : String.format(Locale.ROOT, "host pair shared with up to %d other"
                + " migration(s); the bytes could not be split between them", maxSharedWith);
    }
}
