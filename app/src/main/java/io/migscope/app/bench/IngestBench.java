package io.migscope.app.bench;

import io.migscope.producers.simulator.Pacer;
import io.migscope.topics.TopicNames;
import java.util.Locale;

/**
 * Sustained samples per second through the whole pipeline: a fleet of N VMs probed at 10 Hz with migrations
 * running, generated and encoded first (probe batches of about a second per VM, as the collectors send them), then
 * pushed as fast as the producer goes into {@code migscope streams} running in its own JVM. The rate is what
 * Streams consumed and processed (its committed input offsets on vm-signals and link-samples), from the first send
 * to the last record committed; the streams JVM's heap is read from its GC log.
 */
final class IngestBench {
    private IngestBench() {
    }

    static int vms(boolean quick) {
        return quick ? 500 : 10_000;
    }

    static double fleetSeconds(boolean quick) {
        return quick ? 10 : 30;
    }

    /** The fleet both ingest and its baseline send: VMs keep being probed for a minute after their migration. */
    static FleetLoad fleet(int vms, double seconds, BenchStack bench, TopicNames topics) throws Exception {
        return FleetLoad.generate(FleetLoad.spec(vms, System.currentTimeMillis() * 1000, 60_000_000), seconds,
                bench.serdes(), topics);
    }

    /** @param baseline this run's kafka-baseline, for the ratio; null when it was not measured */
    static BenchResult run(BenchStack bench, Bench.Options options, BenchResult baseline) throws Exception {
        int vms = vms(options.quick());
        double seconds = fleetSeconds(options.quick());
        try (PipelineLoad load = PipelineLoad.start(bench, "ingest", options.streamsJvmOptions())) {
            FleetLoad fleet = fleet(vms, seconds, bench, load.target().topics());
            HeapPeak.reset();
            long t0 = System.nanoTime();
            load.send(fleet, Pacer.max(), i -> { });
            long end = load.awaitProcessed(fleet.size());
            double elapsed = (end - t0) / 1e9;
            GcLog.Heap heap = load.stopStreams();
            BenchResult r = BenchResult.of("ingest", fleet.size(), fleet.samples(), elapsed)
                    .note(String.format(Locale.ROOT, "%d VMs at 10 Hz, %.0f s of fleet time, all migrating;"
                            + " streams in its own JVM (%s)", vms, seconds, StreamsJvm.HEAP));
            if (baseline != null) {
                r = r.ratio(BenchResult.round(r.samplesPerSec() / baseline.samplesPerSec(), 3))
                        .figure("baseline_samples_per_sec", BenchResult.round(baseline.samplesPerSec(), 0));
            }
            return r.figures(load.streams().figures(heap));
        }
    }
}
