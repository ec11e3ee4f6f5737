package io.migscope.producers.simulator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the per-migration streams into one event-time ordered stream. A migration's streams join the merge only
 * when the clock reaches its first probe, so memory holds the migrations in flight, never the records.
 */
final class MergedRecords implements Iterator<SimulatedRecord> {
    private final SimulationSpec spec;
    private final Migration[] byActivation;
    private final PriorityQueue<RecordStream> heap = new PriorityQueue<>(RecordStream::compare);
    private int nextActivation;

    MergedRecords(SimulationSpec spec, Migration[] migrations) {
        this.spec = spec;
        this.byActivation = migrations.clone();
        Arrays.sort(byActivation, Comparator.comparingLong(this::activationUs).thenComparingInt(m -> m.index));
        offer(new RequestStream(migrations, spec));
    }

    /** The earliest record of a migration is its first probe, a baseline window before its start. */
    private long activationUs(Migration m) {
        return m.startUs - spec.baselineUs();
    }

    @Override
    public boolean hasNext() {
        return !heap.isEmpty() || nextActivation < byActivation.length;
    }

    @Override
    public SimulatedRecord next() {
        while (nextActivation < byActivation.length
            && (heap.isEmpty() || activationUs(byActivation[nextActivation]) <= heap.peek().nextTimeUs)) {
            activate(byActivation[nextActivation++]);
        }
        RecordStream s = heap.poll();
        if (s == null) {
            throw new NoSuchElementException("the simulated fleet has no more records");
        }
        SimulatedRecord r = s.next();
        offer(s);
        return r;
    }

    private void activate(Migration m) {
        offer(new ListStream(TopicKind.EVENT, m.index, MigrationEvents.lifecycle(m, spec)));
        offer(new PingStream(m, spec));
        offer(new LinkStream(m, spec));
        if (spec.guestSamples()) {
            offer(new ListStream(TopicKind.GUEST, m.index, GuestSlowdown.samples(m, spec)));
        }
    }

    private void offer(RecordStream s) {
        if (s.nextTimeUs != RecordStream.DONE) {
            heap.add(s);
        }
    }
}
