package io.migscope.sink;

import java.util.concurrent.atomic.AtomicLong;

/** What the sink has done since it started; safe to read from any thread (e.g. a metrics endpoint). */
public final class SinkCounters {
    final AtomicLong rowsWritten = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong outages = new AtomicLong();
    final AtomicLong superseded = new AtomicLong();
    final AtomicLong tombstones = new AtomicLong();

    /** Records upserted into their tables. */
    public long rowsWritten() {
        return rowsWritten.get();
    }

    /** Database transactions committed (one per non-empty poll). */
    public long batches() {
        return batches.get();
    }

    /** Records rejected (undecodable or refused by a constraint). */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Attempts to reach the database again during outages. */
    public long retries() {
        return retries.get();
    }

    /** Times the database became unreachable. */
    public long outages() {
        return outages.get();
    }

    /** Records skipped because a later record with the same key came in the same poll. */
    public long superseded() {
        return superseded.get();
    }

    /** Null values (compaction tombstones), which delete nothing in the database. */
    public long tombstones() {
        return tombstones.get();
    }

    @Override
    public String toString() {
        return "rows=" + rowsWritten() + " batches=" + batches() + " deadLetters=" + deadLetters()
                + " retries=" + retries() + " outages=" + outages() + " superseded=" + superseded()
                + " tombstones=" + tombstones();
    }
}
