package io.migscope.app.bench;

import io.migscope.app.replay.ReplayOutputs;
import io.migscope.app.replay.ReplayRecord;
import io.migscope.app.replay.ReplayRun;
import io.migscope.app.replay.RunInputs;
import io.migscope.app.replay.RunManifest;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000's scale (6,000 migrations, +-30 s of 10 Hz probes around each) replayed at max speed through the same
 * code path as {@code migscope replay}: wall time from the replay's start (pipeline start-up included) until every
 * summary is out, and records per second over that time.
 */
final class ReplaySeedScaleBench {
    private ReplaySeedScaleBench() {
    }

    static BenchResult run(BenchStack bench, boolean quick, Double baselinePerSec) throws Exception {
        // An hour ago: recent enough that the broker's 7-day retention keeps every record.
        long startUs = (System.currentTimeMillis() - 3_600_000L) * 1000;
        SimulationSpec spec = SimulationSpec.seedScale(1, startUs);
        if (quick) {
            spec = spec.toBuilder().vms(100).nodesPerCluster(20).build();
        }
        List<ReplayRecord> records = new ArrayList<>();
        long seq = 0;
        for (SimulatedRecord r : new FleetSimulator(spec)) {
            records.add(new ReplayRecord(r.timestampUs(), 0, seq++, r.value()));
        }
        RunInputs inputs = RunInputs.of(records);
        records = null;
        RunManifest manifest = new RunManifest(null, "bench-seed-scale", "bench", List.of(), List.of());
        EmbeddedStack stack = bench.stack();
        Path state = Files.createTempDirectory("migscope-bench-replay-");
        HeapPeak.reset();
        long t0 = System.nanoTime();
        ReplayOutputs outputs = ReplayRun.run(bench.config(), manifest, inputs,
                ReplayRun.Names.of(manifest, Long.toString(System.currentTimeMillis(), 36)),
                new ReplayRun.Settings(stack.bootstrapServers(), stack.registryUrl(), stack.database().dataSource(),
                        state, "max", false));
        double seconds = (System.nanoTime() - t0) / 1e9;
        org.apache.kafka.common.utils.Utils.delete(state.toFile());
        long n = inputs.records().size();
        return new BenchResult("replay-seed-scale", n, seconds, n / seconds,
                baselinePerSec == null ? null : IngestBench.round(n / seconds / baselinePerSec), null, null,
                HeapPeak.mb(), String.format(java.util.Locale.ROOT, "%d migrations, %d summaries out;"
                        + " wall time includes pipeline start and the 3 s quiet wait", spec.vms(), outputs.summaries().size()));
    }
}
