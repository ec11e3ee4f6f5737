package io.migscope.producers.simulator;

import java.util.List;

/** A stream over records already built in time order (the few lifecycle events of one migration). */
final class ListStream extends RecordStream {
    private final List<SimulatedRecord> records;
    private int next;

    ListStream(TopicKind kind, int order, List<SimulatedRecord> records) {
        super(kind, order);
        this.records = records;
        this.nextTimeUs = records.isEmpty() ? DONE : records.get(0).timestampUs();
    }

    @Override
    SimulatedRecord next() {
        SimulatedRecord r = records.get(next++);
        nextTimeUs = next < records.size() ? records.get(next).timestampUs() : DONE;
        return r;
    }
}
