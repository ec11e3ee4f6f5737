package io.migscope.cli;

import io.migscope.app.bench.Bench;
import io.migscope.app.bench.BenchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measured numbers, not timed tests: parser lines/s per thread and sink rows/s into PostgreSQL. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run benchmark scenarios and print a table (and JSON with --json).",
        footer = "Scenarios so far: parsers (lines/s per parser, one thread), sink (rows/s into PostgreSQL).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "all", description = "all, parsers or sink (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--quick", description = "Scaled down, for a CI smoke run")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!scenario.equals("all") && !Bench.SCENARIOS.contains(scenario)) {
            System.err.println("migscope bench: unknown scenario '" + scenario + "' (known: all, "
                    + String.join(", ", Bench.SCENARIOS) + ")");
            return Main.EXIT_USAGE;
        }
        List<BenchResult> results = Bench.run(scenario, quick);
        Bench.print(results, System.out);
        if (json != null) {
            Bench.writeJson(results, json);
        }
        return 0;
    }
}
