package io.migscope.producers.simulator;

/** The wave's REQUESTED events, one per migration, in request order; built one at a time. */
final class RequestStream extends RecordStream {
    private final Migration[] byRequest;
    private final SimulationSpec spec;
    private int next;

    RequestStream(Migration[] byRequest, SimulationSpec spec) {
        super(TopicKind.EVENT, -1);
        this.byRequest = byRequest;
        this.spec = spec;
        this.nextTimeUs = byRequest.length == 0 ? DONE : byRequest[0].requestedUs;
    }

    @Override
    SimulatedRecord next() {
        SimulatedRecord r = MigrationEvents.requested(byRequest[next++], spec);
        nextTimeUs = next < byRequest.length ? byRequest[next].requestedUs : DONE;
        return r;
    }
}
