package io.migscope.app;

import io.migscope.avro.CaptureScope;
import io.migscope.producers.publish.Publisher;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;

/**
 * Ends a test's captures: one capture end per simulated VM, as a replay does at the end of a recorded run, so every
 * migration is summarised without waiting for more input. Live fleets end their migrations' recovery windows by
 * probing on; tests have a fixed amount of input.
 */
public final class StreamTime {
    private StreamTime() {
    }

    public static void endCaptures(Publisher publisher, FleetSimulator sim) {
        long end = sim.lastTimestampUs();
        sim.expectations().stream().map(MigrationExpectation::vm).distinct()
                .forEach(vm -> publisher.publishCaptureEnd(vm, end, CaptureScope.ALL, "test input ends"));
        publisher.flush();
    }
}
