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
import java.util.List;
import java.util.Locale;

/**
 * The benchmark scenarios measured so far, a table for people and the JSON shape of the README's results:
 * {@code {"machine": {...}, "scenarios": [{"name", "records", "seconds", "records_per_sec", ...}]}}.
 */
public final class Bench {
    /** In the order of a full run: start-up first (while the machine is quiet), then the baseline, so the rest report their ratio. */
    public static final List<String> SCENARIOS = List.of("startup", "kafka-baseline", "ingest", "alert-latency",
            "replay-seed-scale", "parsers", "sink");

    private Bench() {
    }

    /**
     * @param config     the migscope configuration of the Kafka scenarios (defaults, or the CLI's --config/--set)
     * @param configArgs the same as arguments, for the demos the start-up scenario launches
     */
    public static List<BenchResult> run(String scenario, boolean quick, MigscopeConfig config, List<String> configArgs)
            throws Exception {
        List<BenchResult> out = new ArrayList<>();
        if (wanted(scenario, "startup")) {
            // Child JVMs: the figure includes the JVM's own start, and the warm run finds what the cold one left.
            out.addAll(StartupBench.run(configArgs));
        }
        try (BenchStack stack = new BenchStack(config)) {
            Double baseline = null;
            if (wanted(scenario, "kafka-baseline") || scenario.equals("ingest")) {
                BenchResult b = KafkaBaseline.run(stack, quick);
                baseline = b.recordsPerSec();
                out.add(b);
            }
            if (wanted(scenario, "ingest")) {
                out.add(IngestBench.run(stack, quick, baseline));
            }
            if (wanted(scenario, "alert-latency")) {
                out.add(AlertLatencyBench.run(stack, quick));
            }
            if (wanted(scenario, "replay-seed-scale")) {
                out.add(ReplaySeedScaleBench.run(stack, quick, baseline));
            }
        }
        if (wanted(scenario, "parsers")) {
            HeapPeak.reset();
            out.addAll(ParserBench.run(quick));
        }
        if (wanted(scenario, "sink")) {
            HeapPeak.reset();
            out.add(SinkBench.run(quick));
        }
        return out;
    }

    private static boolean wanted(String scenario, String name) {
        return scenario.equals("all") || scenario.equals(name);
    }

    public static void print(List<BenchResult> results, PrintStream out) {
        out.println(machine());
        out.printf(Locale.ROOT, "%-24s %10s %8s %12s %7s %8s %8s %8s  %s%n", "SCENARIO", "RECORDS", "SECONDS",
                "RECORDS/S", "RATIO", "P50 MS", "P99 MS", "HEAP MB", "NOTE");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-24s %10d %8.2f %12.0f %7s %8s %8s %8s  %s%n", r.name(), r.records(), r.seconds(),
                    r.recordsPerSec(), text(r.ratioToKafkaBaseline()), text(r.latencyP50Ms()), text(r.latencyP99Ms()),
                    text(r.heapPeakMb()), r.note() == null ? "" : r.note());
        }
    }

    public static void writeJson(List<BenchResult> results, Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode m = root.putObject("machine");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_mb", memoryMb());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        ArrayNode list = root.putArray("scenarios");
        for (BenchResult r : results) {
            ObjectNode s = list.addObject();
            s.put("name", r.name());
            s.put("records", r.records());
            s.put("seconds", r.seconds());
            s.put("records_per_sec", r.recordsPerSec());
            putIfSet(s, "ratio_to_kafka_baseline", r.ratioToKafkaBaseline());
            putIfSet(s, "latency_p50_ms", r.latencyP50Ms());
            putIfSet(s, "latency_p99_ms", r.latencyP99Ms());
            putIfSet(s, "heap_peak_mb", r.heapPeakMb());
            if (r.note() != null) {
                s.put("note", r.note());
            }
        }
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
        return String.format(Locale.ROOT, "machine: %d cores, %d MB memory, %s %s", Runtime.getRuntime().availableProcessors(),
                memoryMb(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static long memoryMb() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() / 1048576 : -1;
    }
}
