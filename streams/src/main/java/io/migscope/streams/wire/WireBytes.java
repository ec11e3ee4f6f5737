package io.migscope.streams.wire;

import io.migscope.avro.LinkSample;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes seen on the wire for one migration: the sum of its link samples, each interval counted once however often
 * it is delivered. When iftop runs on both hosts, both count the same flow: the bytes are those of the measuring
 * host that saw the most (a host whose iftop missed intervals saw fewer), never the sum. Says when the samples were
 * shared with other migrations and the bytes could not be split.
 */
public final class WireBytes {
    /** Measuring host to its intervals (flow and interval end) and their bytes. */
    private final Map<String, TreeMap<String, Long>> byHost = new TreeMap<>();
    private int maxSharedWith;

    /** Returns false for an interval already counted (a duplicate). */
    public boolean add(LinkSample l) {
        String host = l.getHost() == null ? "" : l.getHost();
        String key = l.getSourceHost() + "|" + l.getTargetHost() + "|" + l.getSourcePort() + "|" + l.getTargetPort()
                + "|" + l.getIntervalEndUs();
        maxSharedWith = Math.max(maxSharedWith, l.getSharedWith());
        return byHost.computeIfAbsent(host, h -> new TreeMap<>()).put(key, l.getBytesSent() + l.getBytesReceived())
                == null;
    }

    /** Total bytes as the measuring host that saw the most counted them, or null when no sample was attributed. */
    public Long total() {
        Long best = null;
        for (TreeMap<String, Long> intervals : byHost.values()) {
            long sum = intervals.values().stream().mapToLong(Long::longValue).sum();
            best = best == null ? sum : Math.max(best, sum);
        }
        return best;
    }

    public String note() {
        if (byHost.isEmpty()) {
            return "no link samples between the source and target hosts";
        }
        return maxSharedWith == 0 ? null : String.format(Locale.ROOT, "host pair shared with up to %d other"
                + " migration(s); the bytes could not be split between them", maxSharedWith);
    }
}
