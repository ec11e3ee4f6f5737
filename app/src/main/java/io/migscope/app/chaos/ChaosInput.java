package io.migscope.app.chaos;

import io.migscope.app.replay.ReplayRecord;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fixed generated run every scenario replays: the demo's fleet (one non-converging VM among idle ones) from a
 * fixed seed and start time, so the clean and the disturbed run see exactly the same records.
 */
public record ChaosInput(SimulationSpec spec, List<ReplayRecord> records) {
    /** 2026-11-02T10:00:00Z. */
    public static final long START_US = 1_793_613_600_000_000L;
    public static final long SEED = 9;

    public ChaosInput {
        records = Collections.unmodifiableList(records);
    }

    /** 24 VMs, or 8 with {@code quick}. */
    public static ChaosInput generate(boolean quick) {
        SimulationSpec demo = SimulationSpec.demo(SEED, START_US);
        SimulationSpec spec = quick ? demo.toBuilder().vms(8).build() : demo;
        List<ReplayRecord> records = new ArrayList<>();
        long seq = 0;
        for (SimulatedRecord r : new FleetSimulator(spec)) {
            records.add(ReplayRecord.of(r.topicKind().ordinal(), seq++, r.value()));
        }
        records.sort(ReplayRecord.ORDER);
        return new ChaosInput(spec, records);
    }

    public int size() {
        return records.size();
    }

    public long firstTimeUs() {
        return records.get(0).timeUs();
    }

    public long lastTimeUs() {
        return records.get(records.size() - 1).timeUs();
    }

    /** The VM keys of the run, in first-appearance order. */
    public List<String> vms() {
        List<String> out = new ArrayList<>();
        for (ReplayRecord r : records) {
            if (r.value() instanceof io.migscope.avro.PingSample p && !out.contains(p.getVm())) {
                out.add(p.getVm());
            }
        }
        return out;
    }
}
