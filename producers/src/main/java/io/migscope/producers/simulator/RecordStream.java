package io.migscope.producers.simulator;

/** A lazily generated, time-ordered stream of one kind of record for one migration (or for the whole wave). */
abstract class RecordStream {
    static final long DONE = Long.MAX_VALUE;

    final TopicKind kind;
    /** Breaks ties between streams with the same next time, so the merged order is deterministic. */
    final int order;
    /** Event time of the record {@link #next()} returns, or DONE. */
    long nextTimeUs = DONE;

    RecordStream(TopicKind kind, int order) {
        this.kind = kind;
        this.order = order;
    }

    /** Returns the record at nextTimeUs and moves nextTimeUs on (to DONE after the last one). */
    abstract SimulatedRecord next();

    static int compare(RecordStream a, RecordStream b) {
        if (a.nextTimeUs != b.nextTimeUs) {
            return Long.compare(a.nextTimeUs, b.nextTimeUs);
        }
        if (a.kind != b.kind) {
            return a.kind.compareTo(b.kind);
        }
        return Integer.compare(a.order, b.order);
    }
}
