package io.migscope.cli;

import io.migscope.app.replay.ManifestException;
import io.migscope.app.replay.ReplayOutputs;
import io.migscope.app.replay.ReplayRun;
import io.migscope.app.replay.ReplayTable;
import io.migscope.app.replay.RunInputs;
import io.migscope.app.replay.RunManifest;
import io.migscope.config.ConfigException;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.migscope.embedded.EmbeddedStack;
import io.migscope.sink.SinkDataSources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Replays a recorded run (a directory with a run.yaml) through the whole pipeline on its own topics, application id
 * and run name, and writes summaries.jsonl, timelines.jsonl and alerts.jsonl. The same run always gives the same
 * summaries.jsonl, at any speed. Exit 0, 3 when some input lines were rejected, 2 on usage or manifest errors.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recorded run (RUN_DIR/run.yaml) through the pipeline; write per-migration results.",
        footer = {"", "Exit: 0 done, 3 some input lines rejected (listed as FILE:LINE: reason), 2 usage or manifest error,",
                "4 the replay could not complete (it says what was processed and what is missing; nothing is written).",
                "Example: ./migscope replay deploy/samples/unloaded-s"})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Directory holding run.yaml and the source files")
    Path runDir;

    @Option(names = "--speed", defaultValue = "max", description = "max, or N times event time (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka to use (default: an embedded stack)")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry with --bootstrap (default: registry.url)")
    String registry;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL (default: jdbc.url with --bootstrap, else embedded)")
    String jdbcUrl;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the .jsonl files go (default: RUN_DIR/out)")
    Path out;

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
        RunManifest manifest;
        RunInputs inputs;
        try {
            manifest = RunManifest.load(runDir);
            inputs = RunInputs.read(manifest);
        } catch (ManifestException e) {
            err.println("migscope replay: " + e.getMessage());
            err.flush();
            return Main.EXIT_USAGE;
        }
        inputs.rejections().forEach(err::println);
        err.flush();
        MigscopeConfig config = configOptions.load(jdbcUrl == null ? Map.of() : Map.of(Keys.JDBC_URL.name(), jdbcUrl));
        stdout.printf("migscope replay: %s, %d records from %d sources, %d declared migrations, %d lines rejected%n",
                manifest.name(), inputs.records().size(), manifest.sources().size(), manifest.migrations().size(),
                inputs.rejections().size());
        stdout.flush();
        ReplayOutputs outputs;
        try {
            outputs = bootstrap == null ? embedded(config, manifest, inputs) : external(config, manifest, inputs);
        } catch (io.migscope.app.replay.ReplayIncompleteException e) {
            err.println("migscope replay: incomplete: " + e.getMessage());
            err.flush();
            return Main.EXIT_INCOMPLETE;
        }
        Path dir = out != null ? out : runDir.resolve("out");
        outputs.write(dir);
        ReplayTable.print(outputs.summaries(), stdout);
        stdout.printf("wrote %s (summaries.jsonl, timelines.jsonl, alerts.jsonl)%n", dir);
        if (!inputs.rejections().isEmpty()) {
            err.printf("%d input lines rejected (listed above as FILE:LINE: reason)%n", inputs.rejections().size());
        }
        stdout.flush();
        err.flush();
        return inputs.rejections().isEmpty() ? 0 : Main.EXIT_REJECTED;
    }

    private ReplayOutputs embedded(MigscopeConfig config, RunManifest manifest, RunInputs inputs) throws Exception {
        Path work = Files.createTempDirectory("migscope-replay-");
        try (EmbeddedStack stack = EmbeddedStack.start(work, 0, 0, jdbcUrl == null)) {
            DataSource db = jdbcUrl == null ? stack.database().dataSource() : pooled(config);
            return ReplayRun.run(config, manifest, inputs, names(manifest), new ReplayRun.Settings(
                    stack.bootstrapServers(), stack.registryUrl(), db, work.resolve("streams"), speed, !noProgress));
        } finally {
            deleteQuietly(work);
        }
    }

    private ReplayOutputs external(MigscopeConfig config, RunManifest manifest, RunInputs inputs) throws Exception {
        String url = registry != null ? registry : config.get(Keys.REGISTRY_URL);
        if (url == null || url.isBlank()) {
            throw new ConfigException(Keys.REGISTRY_URL.name(), "not set: pass --registry with --bootstrap");
        }
        if (!config.isSet(Keys.JDBC_URL)) {
            throw new ConfigException(Keys.JDBC_URL.name(), "not set: pass --jdbc-url with --bootstrap");
        }
        Path state = Files.createTempDirectory("migscope-replay-state-");
        try (var db = SinkDataSources.pooled(config.get(Keys.JDBC_URL), config.get(Keys.JDBC_USER),
                config.get(Keys.JDBC_PASSWORD))) {
            return ReplayRun.run(config, manifest, inputs, names(manifest),
                    new ReplayRun.Settings(bootstrap, url, db, state, speed, !noProgress));
        } finally {
            deleteQuietly(state);
        }
    }

    private static DataSource pooled(MigscopeConfig config) {
        return SinkDataSources.pooled(config.get(Keys.JDBC_URL), config.get(Keys.JDBC_USER), config.get(Keys.JDBC_PASSWORD));
    }

    private static ReplayRun.Names names(RunManifest manifest) {
        // Base 36 of the start time: a fresh set of topics each time, and the tag is in no output file.
        return ReplayRun.Names.of(manifest, Long.toString(System.currentTimeMillis(), 36));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
