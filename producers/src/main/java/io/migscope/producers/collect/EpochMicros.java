package io.migscope.producers.collect;

import java.time.Instant;

/** Wall-clock receive stamps in epoch microseconds (the JDK clock has microsecond resolution on Linux since JDK 15). */
public final class EpochMicros {
    private EpochMicros() {
    }

    public static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
