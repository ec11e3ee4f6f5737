package io.migscope.app.replay;

import io.migscope.avro.GuestSample;
import io.migscope.avro.LinkSample;
import io.migscope.avro.MigrationEvent;
import io.migscope.avro.PingSample;
import java.util.Comparator;
import org.apache.avro.specific.SpecificRecord;

/**
 * One normalised record to publish, with its event time (what the topology's timestamp extractor uses: an event's
 * own clock, a probe's send time, when a guest finished its GiB, the end of a link interval) and its place in the inputs, which breaks ties so the
 * merged order never depends on anything but the run directory.
 */
public record ReplayRecord(long timeUs, int source, long seq, SpecificRecord value) {

    /** Event time, then manifest order of the source, then order within the source. */
    public static final Comparator<ReplayRecord> ORDER = Comparator.comparingLong(ReplayRecord::timeUs)
            .thenComparingInt(ReplayRecord::source).thenComparingLong(ReplayRecord::seq);

    public static ReplayRecord of(int source, long seq, SpecificRecord value) {
        return new ReplayRecord(eventTimeUs(value), source, seq, value);
    }

    public static long eventTimeUs(SpecificRecord value) {
        if (value instanceof MigrationEvent e) {
            return e.getEventTimeUs();
        }
        if (value instanceof PingSample p) {
            return p.getSentTimeUs();
        }
        if (value instanceof GuestSample g) {
            return g.getSampleTimeUs();
        }
        if (value instanceof LinkSample l) {
            return l.getIntervalEndUs();
        }
        throw new IllegalArgumentException("not a replayable record: " + value.getSchema().getFullName());
    }
}
