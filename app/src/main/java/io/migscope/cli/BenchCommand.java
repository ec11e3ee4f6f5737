package io.migscope.cli;

import io.migscope.app.bench.Bench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measured numbers, not timed tests: the pipeline next to raw Kafka in the same run, parsers, the sink, start-up. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run benchmark scenarios on the embedded stack and print a table (and JSON with --json).",
        footer = {"Scenarios: startup, kafka-baseline, ingest, alert-latency, replay-seed-scale, parsers, sink.",
                "--scenario startup runs the demo twice as child JVMs: cold (fresh work dir) and warm (same dir again).",
                "--scenario ingest also runs kafka-baseline, for its ratio.",
                "A scenario that cannot finish, or fails its own check, is reported on stderr; the exit code is then 4.",
                "Tuning experiments: --set streams.threads=2, --set topics.partitions=12, --set kafka.commit.interval.ms=500.",
                "Profile the streams JVM: --streams-jvm-option=-XX:StartFlightRecording=filename=streams.jfr"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "all", description = "all, or one scenario (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--quick", description = "Every scenario scaled down (about 2 minutes in all), for a CI smoke run")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON")
    Path json;

    @Option(names = "--with-cpu-hogs", paramLabel = "N", defaultValue = "0",
            description = "Start N busy-loop processes beside replay-seed-scale's second run, whose summaries must"
                    + " still be byte-identical to the first's (default: ${DEFAULT-VALUE})")
    int cpuHogs;

    @Option(names = "--streams-jvm-option", paramLabel = "OPTION",
            description = "A JVM option for the streams process of ingest and alert-latency, after its -Xmx1g"
                    + " (repeatable)")
    List<String> streamsJvmOptions = new ArrayList<>();

    @Option(names = "--keep-dir", paramLabel = "DIR",
            description = "Keep each scenario's streams JVM log, GC log and state under DIR (default: removed)")
    Path keepDir;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        if (!scenario.equals("all") && !Bench.SCENARIOS.contains(scenario)) {
            System.err.println("migscope bench: unknown scenario '" + scenario + "' (known: all, "
                    + String.join(", ", Bench.SCENARIOS) + ")");
            return Main.EXIT_USAGE;
        }
        if (cpuHogs < 0) {
            System.err.println("migscope bench: --with-cpu-hogs " + cpuHogs + " is invalid, expected 0 or more");
            return Main.EXIT_USAGE;
        }
        Bench.Outcome outcome = Bench.run(scenario, new Bench.Options(quick, cpuHogs, streamsJvmOptions, keepDir),
                configOptions.load(Map.of()), configOptions.asArguments(), System.err);
        Bench.print(outcome.results(), System.out);
        if (json != null) {
            Bench.writeJson(outcome, json);
        }
        if (!outcome.failures().isEmpty()) {
            System.err.println("migscope bench: " + outcome.failures().size() + " scenario(s) FAILED: "
                    + String.join(", ", outcome.failures().keySet()) + " (details above)");
            return Main.EXIT_INCOMPLETE;
        }
        return 0;
    }
}
