package io.migscope.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migscope.config.MigscopeConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark scenarios, a table for people and the JSON shape of the README's results:
 * {@code {"machine": {...}, "scenarios": [{"name", "records", "samples", "seconds", "records_per_sec",
 * "samples_per_sec", ...}], "failures": [{"name", "message"}]}}. A scenario that cannot finish, or whose result
 * fails its own check, is a failure: the others still run, and the command exits non-zero.
 */
public final class Bench {
    /** In the order of a full run: start-up first (while the machine is quiet), then the baseline, so the rest report their ratio. */
    public static final List<String> SCENARIOS = List.of("startup", "kafka-baseline", "ingest", "alert-latency",
            "replay-seed-scale", "parsers", "sink");

    /**
     * @param quick             every scenario scaled down
     * @param cpuHogs           busy-loop processes beside replay-seed-scale's second (determinism) run
     * @param streamsJvmOptions added to the streams JVM's options, after its -Xmx1g
     * @param keepDir           where each scenario's streams JVM leaves its log, GC log and state; null: removed
     */
    public record Options(boolean quick, int cpuHogs, List<String> streamsJvmOptions, Path keepDir) {
        public Options {
            streamsJvmOptions = List.copyOf(streamsJvmOptions);
        }
    }

    /**
     * What a bench run measured, and what it could not (scenario name to message, in run order). A scenario that
     * failed a check after measuring (replay-seed-scale's summaries) has both a result and a failure.
     */
    public record Outcome(List<BenchResult> results, Map<String, String> failures) {
    }

    /** One scenario's run, which may throw. */
    @FunctionalInterface
    private interface Scenario {
        List<BenchResult> run() throws Exception;
    }

    private Bench() {
    }

    /**
     * @param config     the migscope configuration of the Kafka scenarios (defaults, or the CLI's --config/--set)
     * @param configArgs the same as arguments, for the demos the start-up scenario launches
     */
    public static Outcome run(String scenario, Options options, MigscopeConfig config, List<String> configArgs,
                              PrintStream err) {
        List<BenchResult> out = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        if (wanted(scenario, "startup")) {
            // Child JVMs: the figure includes the JVM's own start, and the warm run finds what the cold one left.
            attempt("startup", failures, out, err, () -> StartupBench.run(configArgs));
        }
        try (BenchStack stack = new BenchStack(config, options.keepDir())) {
            BenchResult[] baseline = new BenchResult[1];
            if (wanted(scenario, "kafka-baseline") || scenario.equals("ingest")) {
                attempt("kafka-baseline", failures, out, err, () -> {
                    baseline[0] = KafkaBaseline.run(stack, options.quick());
                    return List.of(baseline[0]);
                });
            }
            if (wanted(scenario, "ingest")) {
                attempt("ingest", failures, out, err, () -> List.of(IngestBench.run(stack, options, baseline[0])));
            }
            if (wanted(scenario, "alert-latency")) {
                attempt("alert-latency", failures, out, err, () -> List.of(AlertLatencyBench.run(stack, options)));
            }
            if (wanted(scenario, "replay-seed-scale")) {
                attempt("replay-seed-scale", failures, out, err,
                        () -> List.of(ReplaySeedScaleBench.run(stack, options, baseline[0])));
            }
        }
        if (wanted(scenario, "parsers")) {
            attempt("parsers", failures, out, err, () -> {
                HeapPeak.reset();
                return ParserBench.run(options.quick());
            });
        }
        if (wanted(scenario, "sink")) {
            attempt("sink", failures, out, err, () -> {
                HeapPeak.reset();
                return List.of(SinkBench.run(options.quick()));
            });
        }
        return new Outcome(out, failures);
    }

    /** Runs one scenario; a failure is reported at once on {@code err} (with its stack when it is not a known one). */
    private static void attempt(String name, Map<String, String> failures, List<BenchResult> out, PrintStream err,
                                Scenario scenario) {
        // The machine may be shared: each figure carries the load it was measured under.
        double load = BenchResult.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
        try {
            scenario.run().forEach(r -> out.add(r.figure("load_average_before", load)));
        } catch (Exception e) {
            if (e instanceof BenchFailure f && f.measured() != null) {
                out.add(f.measured().figure("load_average_before", load));
            }
            String message = e instanceof BenchFailure ? e.getMessage() : e.toString();
            failures.put(name, message);
            err.println("migscope bench: scenario " + name + " FAILED: " + message);
            if (!(e instanceof BenchFailure)) {
                e.printStackTrace(err);
            }
        }
    }

    private static boolean wanted(String scenario, String name) {
        return scenario.equals("all") || scenario.equals(name);
    }

    public static void print(List<BenchResult> results, PrintStream out) {
        out.println(machine());
        out.printf(Locale.ROOT, "%-22s %10s %10s %8s %11s %11s %6s %8s %8s %8s  %s%n", "SCENARIO", "RECORDS",
                "SAMPLES", "SECONDS", "RECORDS/S", "SAMPLES/S", "RATIO", "P50 MS", "P99 MS", "HEAP MB", "NOTE");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-22s %10d %10s %8.2f %11.0f %11s %6s %8s %8s %8s  %s%n", r.name(), r.records(),
                    r.samples() == null ? "-" : r.samples().toString(), r.seconds(), r.recordsPerSec(),
                    r.samplesPerSec() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.samplesPerSec()),
                    text(r.ratioToKafkaBaseline()), text(r.latencyP50Ms()), text(r.latencyP99Ms()),
                    text(r.heapPeakMb()), r.note() == null ? "" : r.note());
            if (!r.figures().isEmpty()) {
                out.println("  " + r.figures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")));
            }
        }
    }

    public static void writeJson(Outcome outcome, Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode m = root.putObject("machine");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_mb", memoryMb());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        ArrayNode list = root.putArray("scenarios");
        for (BenchResult r : outcome.results()) {
            ObjectNode s = list.addObject();
            s.put("name", r.name());
            if (outcome.failures().containsKey(r.name())) {
                s.put("failed", true);
            }
            s.put("records", r.records());
            // null, not absent, where the scenario handles no probes: every scenario has the field.
            s.set("samples", r.samples() == null ? s.nullNode() : s.numberNode(r.samples()));
            s.put("seconds", r.seconds());
            s.put("records_per_sec", r.recordsPerSec());
            s.set("samples_per_sec", r.samplesPerSec() == null ? s.nullNode() : s.numberNode(r.samplesPerSec()));
            putIfSet(s, "ratio_to_kafka_baseline", r.ratioToKafkaBaseline());
            putIfSet(s, "latency_p50_ms", r.latencyP50Ms());
            putIfSet(s, "latency_p99_ms", r.latencyP99Ms());
            putIfSet(s, "heap_peak_mb", r.heapPeakMb());
            r.figures().forEach((k, v) -> s.set(k, json.valueToTree(v)));
            if (r.note() != null) {
                s.put("note", r.note());
            }
        }
        ArrayNode failed = root.putArray("failures");
        outcome.failures().forEach((name, message) -> failed.addObject().put("name", name).put("message", message));
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static String text(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void putIfSet(ObjectNode s, String field, Double v) {
        if (v != null) {
            s.put(field, v);
        }
    }

    private static String machine() {
        return String.format(Locale.ROOT, "machine: %d cores, %d MB memory, %s %s",
                Runtime.getRuntime().availableProcessors(), memoryMb(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    private static long memoryMb() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() / 1048576 : -1;
    }
}
