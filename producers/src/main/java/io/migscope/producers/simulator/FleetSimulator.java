package io.migscope.producers.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic simulated fleet: one wave of migrations with their lifecycle events, 10 Hz probes and iftop
 * link samples, streamed in event-time order without holding the records in memory.
 *
 * <pre>{@code
 * FleetSimulator sim = new FleetSimulator(SimulationSpec.builder().seed(7).vms(40).build());
 * long n = sim.run(rec -> producer.send(topicFor(rec.topicKind()), rec.key(), rec.value()));
 * sim.expectations()  // what the pipeline should find, per migration
 * }</pre>
 */
public final class FleetSimulator implements Iterable<SimulatedRecord> {
    private final SimulationSpec spec;
    private final Migration[] migrations;
    private final List<MigrationExpectation> expectations;

    /** Plans and schedules the whole wave (cheap: no records are made until iterated). */
    public FleetSimulator(SimulationSpec spec) {
        this.spec = spec;
        this.migrations = FleetPlanner.plan(spec);
        List<MigrationExpectation> list = new ArrayList<>(migrations.length);
        for (Migration m : migrations) {
            list.add(MigrationExpectation.of(m, spec));
        }
        this.expectations = Collections.unmodifiableList(list);
    }

    public SimulationSpec spec() {
        return spec;
    }

    /** One entry per migration, in migration id order. */
    public List<MigrationExpectation> expectations() {
        return expectations;
    }

    /** Event time of the first record (the first REQUESTED or the first baseline probe). */
    public long firstTimestampUs() {
        long first = Long.MAX_VALUE;
        for (Migration m : migrations) {
            first = Math.min(first, Math.min(m.requestedUs, m.startUs - spec.baselineUs()));
        }
        return first;
    }

    /** Event time after which nothing more is generated (the end of the last recovery window). */
    public long lastTimestampUs() {
        long last = Long.MIN_VALUE;
        for (Migration m : migrations) {
            last = Math.max(last, m.endUs() + spec.recoveryUs());
        }
        return last;
    }

    /** A fresh pass over all records in event-time order; every call yields the same records. */
    @Override
    public Iterator<SimulatedRecord> iterator() {
        return new MergedRecords(spec, migrations);
    }

    /** Streams every record to the callback in event-time order and returns how many there were. */
    public long run(Consumer<? super SimulatedRecord> sink) {
        long n = 0;
        Iterator<SimulatedRecord> it = iterator();
        while (it.hasNext()) {
            sink.accept(it.next());
            n++;
        }
        return n;
    }
}
