package io.migscope.cli;

import io.migscope.app.Pipeline;
import io.migscope.app.record.Recording;
import io.migscope.app.record.WindowReader;
import io.migscope.app.replay.RunManifest;
import io.migscope.config.MigscopeConfig;
import io.migscope.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Captures a window of event time from the live input topics as a recorded run ({@code records.jsonl} and
 * {@code run.yaml}) that {@code migscope replay} runs again. Records the serde cannot read are listed as
 * {@code TOPIC/PARTITION/OFFSET: reason} and counted. Exit 0, 3 when some were unreadable, 2 on usage errors.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Capture a window of the live input topics as a recorded run for replay.",
        footer = {"", "Exit: 0 done, 3 some records unreadable (listed as TOPIC/PARTITION/OFFSET: reason), 2 usage error.",
                "Example: ./migscope record --from 2026-11-02T10:00:00Z --to 2026-11-02T11:00:00Z --out runs/wave-11"
                        + " --bootstrap kafka:9092 --registry http://schema-registry:8081"})
public final class RecordCommand implements Callable<Integer> {
    @Option(names = "--topics", paramLabel = "LIST", split = ",", defaultValue = "signals,links",
            description = "Input topics by logical name, under topics.prefix (default: ${DEFAULT-VALUE})")
    List<String> topics;

    @Option(names = "--from", required = true, paramLabel = "TIME", converter = InstantConverter.class,
            description = "Window start, event time (ISO-8601 such as 2026-11-02T10:00:00Z, or epoch ms), inclusive")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "TIME", converter = InstantConverter.class,
            description = "Window end, event time, exclusive")
    Instant to;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Directory for run.yaml and records.jsonl")
    Path out;

    @Option(names = "--name", description = "Run name in run.yaml (default: the RUN_DIR name)")
    String name;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--no-progress", description = "Do not draw the progress bar")
    boolean noProgress;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String runName = name != null ? name : Recording.nameFor(out);
        String usage = usageError(runName);
        if (usage != null) {
            err.println("migscope record: " + usage);
            err.flush();
            return Main.EXIT_USAGE;
        }
        MigscopeConfig config = configOptions.load(Map.of());
        String servers = cluster.bootstrap(config);
        String url = cluster.registry(config);
        TopicNames names = TopicNames.from(config);
        List<WindowReader.Input> inputs;
        WindowReader.Result result;
        try {
            inputs = Recording.inputs(names, Pipeline.serdes(config, url), topics);
            result = Recording.read(config.kafkaProperties(), servers, inputs, from, to, !noProgress);
        } catch (IllegalArgumentException e) {
            err.println("migscope record: " + e.getMessage());
            err.flush();
            return Main.EXIT_USAGE;
        }
        String origin = inputs.stream().map(WindowReader.Input::topic).toList() + " event time [" + from + ", " + to + ")";
        Recording.write(out, runName, origin, result.records());
        result.unreadable().forEach(u -> err.println(u.describe()));
        stdout.printf("migscope record: %d records in the window written to %s (run %s); read %d, %d outside the"
                        + " window, %d capture ends left out (a replay ends the run itself), %d unreadable%n",
                result.records().size(), out.resolve("records.jsonl"), runName, result.read(), result.outside(),
                result.captureEnds(),
                result.unreadable().size());
        if (!result.unreadable().isEmpty()) {
            err.printf("%d records could not be read (listed above as TOPIC/PARTITION/OFFSET: reason)%n",
                    result.unreadable().size());
        }
        stdout.flush();
        err.flush();
        return result.unreadable().isEmpty() ? 0 : Main.EXIT_REJECTED;
    }

    private String usageError(String runName) {
        if (!to.isAfter(from)) {
            return "--to " + to + " must be after --from " + from;
        }
        if (!RunManifest.isValidName(runName)) {
            return "--name '" + runName + "' must be letters, digits, '.', '_' or '-' (it becomes a topic prefix)";
        }
        return null;
    }
}
