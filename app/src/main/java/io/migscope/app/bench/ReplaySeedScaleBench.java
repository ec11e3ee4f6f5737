package io.migscope.app.bench;

import io.migscope.app.replay.ReplayIncompleteException;
import io.migscope.app.replay.ReplayOutputs;
import io.migscope.app.replay.ReplayRecord;
import io.migscope.app.replay.ReplayRun;
import io.migscope.app.replay.RunInputs;
import io.migscope.app.replay.RunManifest;
import io.migscope.avro.CaptureScope;
import io.migscope.avro.MigrationSummary;
import io.migscope.avro.PingSample;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.producers.publish.SignalEncoder;
import io.migscope.producers.simulator.FleetSimulator;
import io.migscope.producers.simulator.MigrationExpectation;
import io.migscope.producers.simulator.SimulatedRecord;
import io.migscope.producers.simulator.SimulationSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * Seed 000's scale (6,000 migrations, +-30 s of 10 Hz probes around each) replayed at max speed through the same
 * code path as {@code migscope replay} ({@link ReplayRun}): wall time from the replay's start (pipeline start-up
 * included) until every input is processed and every summary is out. The scenario fails unless the replay wrote one
 * summary per migration the simulator generated, and unless a second replay of the same inputs (beside the
 * {@code --with-cpu-hogs} processes, if any) writes a byte-identical {@code summaries.jsonl}.
 */
final class ReplaySeedScaleBench {
    private ReplaySeedScaleBench() {
    }

    /** One replay: its outputs, its wall time, and the summaries.jsonl it wrote. */
    private record Replayed(ReplayOutputs outputs, double seconds, byte[] summariesJsonl) {
        Set<String> ids() {
            Set<String> ids = new TreeSet<>();
            for (MigrationSummary s : outputs.summaries()) {
                ids.add(s.getMigrationId());
            }
            return ids;
        }
    }

    static BenchResult run(BenchStack bench, Bench.Options options, BenchResult baseline) throws Exception {
        // An hour ago: recent enough that the broker's 7-day retention keeps every record.
        long startUs = (System.currentTimeMillis() - 3_600_000L) * 1000;
        SimulationSpec spec = SimulationSpec.seedScale(1, startUs);
        if (options.quick()) {
            spec = spec.toBuilder().vms(100).nodesPerCluster(20).build();
        }
        FleetSimulator sim = new FleetSimulator(spec);
        Set<String> expected = new TreeSet<>();
        for (MigrationExpectation m : sim.expectations()) {
            expected.add(m.migrationId());
        }
        List<ReplayRecord> records = new ArrayList<>();
        long seq = 0;
        long samples = 0;
        for (SimulatedRecord r : sim) {
            records.add(new ReplayRecord(r.timestampUs(), 0, seq++, r.value()));
            samples += r.value() instanceof PingSample ? 1 : 0;
        }
        RunInputs inputs = RunInputs.of(records);
        records = null;
        long published = publishedRecords(inputs);

        HeapPeak.reset();
        Replayed first = replay(bench, inputs, "first");
        BenchResult r = BenchResult.of("replay-seed-scale", published, samples, first.seconds())
                .figure("migrations", expected.size())
                .figure("summaries", first.ids().size())
                .figure("cpu_hogs", options.cpuHogs());
        if (baseline != null) {
            r = r.ratio(BenchResult.round(r.samplesPerSec() / baseline.samplesPerSec(), 3));
        }
        String note = String.format(Locale.ROOT, "%d migrations, %d summaries; through ReplayRun at max speed, wall"
                + " time includes the pipeline's start", expected.size(), first.ids().size());
        String missing = missingSummaries("the first replay", first.ids(), expected);
        if (missing != null) {
            throw new BenchFailure(missing, r.note(note));
        }
        Replayed second;
        long hogsRunning;
        try (CpuHogs hogs = CpuHogs.start(options.cpuHogs())) {
            second = replay(bench, inputs, "second");
            hogsRunning = hogs.running();
        }
        String beside = options.cpuHogs() > 0
                ? " beside " + hogsRunning + " CPU-burning process" + (hogsRunning == 1 ? "" : "es") : "";
        String problem = missingSummaries("the second replay" + beside, second.ids(), expected);
        if (problem == null) {
            problem = difference(first.summariesJsonl(), second.summariesJsonl(), beside);
        }
        r = r.figure("second_run_seconds", BenchResult.round(second.seconds(), 2))
                .figure("deterministic", problem == null);
        if (problem != null) {
            throw new BenchFailure(problem, r.note(note + "; a second replay" + beside + " differed"));
        }
        return r.note(note + "; a second replay" + beside + " gave a byte-identical summaries.jsonl");
    }

    /** Kafka records the replay publishes (probe batches, events, link samples, capture ends), counted beforehand. */
    private static long publishedRecords(RunInputs inputs) {
        SignalEncoder encoder = new SignalEncoder();
        long n = 0;
        for (ReplayRecord r : inputs.records()) {
            n += encoder.add(r.value(), r.timeUs()).size();
        }
        return n + encoder.finish(CaptureScope.ALL, "bench").size();
    }

    private static Replayed replay(BenchStack bench, RunInputs inputs, String tag) throws Exception {
        RunManifest manifest = new RunManifest(null, "bench-seed-scale", "bench", List.of(), List.of());
        EmbeddedStack stack = bench.stack();
        Path state = Files.createTempDirectory("migscope-bench-replay-");
        Path out = Files.createTempDirectory("migscope-bench-replay-out-");
        try {
            long t0 = System.nanoTime();
            ReplayOutputs outputs = ReplayRun.run(bench.config(), manifest, inputs,
                    ReplayRun.Names.of(manifest, Long.toString(System.currentTimeMillis(), 36) + "-" + tag),
                    new ReplayRun.Settings(stack.bootstrapServers(), stack.registryUrl(), stack.database().dataSource(),
                            state, "max", false));
            double seconds = (System.nanoTime() - t0) / 1e9;
            outputs.write(out);
            return new Replayed(outputs, seconds, Files.readAllBytes(out.resolve("summaries.jsonl")));
        } catch (ReplayIncompleteException e) {
            throw new BenchFailure("replay-seed-scale: the " + tag + " replay could not finish: " + e.getMessage());
        } finally {
            Utils.delete(state.toFile());
            Utils.delete(out.toFile());
        }
    }

    /** Null when there is one summary per migration the simulator generated and none other; else what is wrong. */
    static String missingSummaries(String which, Set<String> got, Set<String> expected) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(got);
        Set<String> unexpected = new TreeSet<>(got);
        unexpected.removeAll(expected);
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return null;
        }
        return "replay-seed-scale: " + which + " wrote " + got.size() + " summaries for the " + expected.size()
                + " migrations the simulator generated; missing " + missing.size() + first(missing)
                + (unexpected.isEmpty() ? "" : "; not generated " + unexpected.size() + first(unexpected));
    }

    /** Null when the two summaries.jsonl are byte-identical; else how many lines differ and how the first does. */
    static String difference(byte[] firstBytes, byte[] secondBytes, String beside) {
        if (Arrays.equals(firstBytes, secondBytes)) {
            return null;
        }
        List<String> first = new String(firstBytes, StandardCharsets.UTF_8).lines().toList();
        List<String> second = new String(secondBytes, StandardCharsets.UTF_8).lines().toList();
        int differing = Math.abs(first.size() - second.size());
        int at = -1;
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            if (!first.get(i).equals(second.get(i))) {
                differing++;
                at = at < 0 ? i : at;
            }
        }
        String how = at < 0 ? "the files differ past line " + Math.min(first.size(), second.size())
                : "first at line " + (at + 1) + ", " + SummaryDiff.fields(first.get(at), second.get(at));
        return "replay-seed-scale: two replays of the same inputs wrote different summaries.jsonl"
                + (beside.isEmpty() ? "" : " (the second" + beside + ")") + ": " + differing + " of " + first.size() + " lines differ; " + how;
    }

    private static String first(Set<String> ids) {
        return ids.isEmpty() ? "" : " (" + String.join(", ", ids.stream().limit(5).toList())
                + (ids.size() > 5 ? ", ..." : "") + ")";
    }
}
