package io.migscope.app.bench;

import io.migscope.producers.simulator.Pacer;

/**
 * Sustained samples per second through the whole pipeline: a fleet of N VMs probed at 10 Hz with migrations
 * running, generated first, then pushed as fast as the producer goes. The rate is what Streams consumed and
 * processed (its committed input offsets), from the first send to the last record committed.
 */
final class IngestBench {
    private IngestBench() {
    }

    static BenchResult run(BenchStack bench, boolean quick, Double baselinePerSec) throws Exception {
        int vms = quick ? 500 : 10_000;
        double seconds = quick ? 10 : 30;
        try (PipelineLoad load = PipelineLoad.start(bench, "ingest")) {
            double before = PipelineLoad.retainedHeapMb();
            FleetLoad fleet = FleetLoad.generate(FleetLoad.spec(vms, System.currentTimeMillis() * 1000, 60_000_000),
                    seconds, bench.serdes(), load.target().topics());
            double dataMb = PipelineLoad.retainedHeapMb() - before;
            HeapPeak.reset();
            long t0 = System.nanoTime();
            load.send(fleet, Pacer.max(), i -> { });
            long end = load.awaitProcessed(fleet.size());
            double elapsed = (end - t0) / 1e9;
            BenchResult r = BenchResult.of("ingest", fleet.size(), elapsed);
            return new BenchResult(r.name(), r.records(), r.seconds(), r.recordsPerSec(),
                    baselinePerSec == null ? null : round(r.recordsPerSec() / baselinePerSec), null, null,
                    Math.round((HeapPeak.mb() - dataMb) * 10) / 10.0,
                    String.format(java.util.Locale.ROOT, "%d VMs at 10 Hz, %.0f s of fleet time, %d%% probes;"
                                    + " heap: this JVM (broker included) less the %.0f MB of pre-generated records",
                            vms, seconds, 100 * fleet.pings() / fleet.size(), dataMb));
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
