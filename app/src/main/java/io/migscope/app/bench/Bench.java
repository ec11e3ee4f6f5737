package io.migscope.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    public static final List<String> SCENARIOS = List.of("parsers", "sink");

    private Bench() {
    }

    public static List<BenchResult> run(String scenario, boolean quick) throws Exception {
        List<BenchResult> out = new ArrayList<>();
        if (scenario.equals("all") || scenario.equals("parsers")) {
            HeapPeak.reset();
            out.addAll(ParserBench.run(quick));
        }
        if (scenario.equals("all") || scenario.equals("sink")) {
            HeapPeak.reset();
            out.add(SinkBench.run(quick));
        }
        return out;
    }

    public static void print(List<BenchResult> results, PrintStream out) {
        out.println(machine());
        out.printf(Locale.ROOT, "%-24s %12s %9s %14s %10s  %s%n", "SCENARIO", "RECORDS", "SECONDS", "RECORDS/S", "HEAP MB", "NOTE");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-24s %12d %9.2f %14.0f %10.1f  %s%n", r.name(), r.records(), r.seconds(),
                    r.recordsPerSec(), r.heapPeakMb(), r.note() == null ? "" : r.note());
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
        }
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
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
