package io.migscope.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** When each part of a start answered; parts start on several threads, so marks come in from any of them. */
final class StartTimes {
    private final long startMs = System.currentTimeMillis();
    private final Map<String, Long> readyAt = Collections.synchronizedMap(new LinkedHashMap<>());

    void mark(String part) {
        readyAt.put(part, System.currentTimeMillis());
    }

    long sinceStartMs() {
        return System.currentTimeMillis() - startMs;
    }

    Map<String, Long> readyAt() {
        synchronized (readyAt) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(readyAt));
        }
    }

    /** "postgres 1.2 s, kafka 3.1 s, ..." after the start, in the order the parts answered. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        synchronized (readyAt) {
            readyAt.forEach((part, at) -> j.add(String.format(Locale.ROOT, "%s %.1f s", part, (at - startMs) / 1000.0)));
        }
        return j.toString();
    }
}
