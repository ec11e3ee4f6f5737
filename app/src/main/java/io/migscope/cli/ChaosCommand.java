package io.migscope.cli;

import io.migscope.app.chaos.Chaos;
import io.migscope.app.chaos.ChaosReport;
import io.migscope.app.chaos.ChaosScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Disturbs the pipeline on the embedded stack and checks that every record is still delivered exactly once. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Replay a fixed generated run with a disturbance and compare every output with a clean run.",
        footer = "Exit 0 when every scenario prints ALL-RECORDS-DELIVERED, 1 on FAILURE, 2 on a usage error.")
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "all", paramLabel = "NAME",
            description = "all, or one scenario (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--quick", description = "A smaller fleet and 5 s outages, for CI")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the reports as JSON")
    Path json;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the chaos stack keeps its data (default: a new temporary directory)")
    Path workDir;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        List<String> names = Chaos.scenarios().stream().map(ChaosScenario::name).toList();
        if (!scenario.equals("all") && !names.contains(scenario)) {
            System.err.println("migscope chaos: unknown scenario '" + scenario + "' (known: all, "
                    + String.join(", ", names) + ")");
            return Main.EXIT_USAGE;
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("migscope-chaos-");
        List<ChaosReport> reports;
        try (Chaos chaos = Chaos.start(configOptions.load(java.util.Map.of()), dir, quick)) {
            System.out.println("chaos: " + chaos.input().size() + " input records, scenarios: "
                    + Chaos.scenarios().stream().filter(s -> scenario.equals("all") || s.name().equals(scenario))
                    .map(s -> s.name() + " (" + s.description() + ")").collect(Collectors.joining("; ")));
            reports = chaos.run(scenario);
        } finally {
            if (workDir == null) {
                // Nothing in a temporary chaos stack is worth keeping: every run is compared and reported.
                org.apache.kafka.common.utils.Utils.delete(dir.toFile());
            }
        }
        ChaosReport.print(reports, System.out);
        if (json != null) {
            ChaosReport.writeJson(reports, json);
        }
        return reports.stream().allMatch(ChaosReport::delivered) ? 0 : 1;
    }
}
