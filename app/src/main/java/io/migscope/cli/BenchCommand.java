package io.migscope.cli;

import io.migscope.app.bench.Bench;
import io.migscope.app.bench.BenchResult;
import java.nio.file.Path;
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
                "Tuning experiments: --set streams.threads=2, --set topics.partitions=12, --set kafka.commit.interval.ms=500."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "all", description = "all, or one scenario (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--quick", description = "Every scenario scaled down (about 2 minutes in all), for a CI smoke run")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON")
    Path json;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        if (!scenario.equals("all") && !Bench.SCENARIOS.contains(scenario)) {
            System.err.println("migscope bench: unknown scenario '" + scenario + "' (known: all, "
                    + String.join(", ", Bench.SCENARIOS) + ")");
            return Main.EXIT_USAGE;
        }
        List<BenchResult> results = Bench.run(scenario, quick, configOptions.load(Map.of()), configOptions.asArguments());
        Bench.print(results, System.out);
        if (json != null) {
            Bench.writeJson(results, json);
        }
        return 0;
    }
}
