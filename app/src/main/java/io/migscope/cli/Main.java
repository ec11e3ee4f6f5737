package io.migscope.cli;

import io.migscope.app.StartupTimeline;
import io.migscope.config.ConfigException;
import java.lang.management.ManagementFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code migscope} command. Run {@code ./migscope --help} for the subcommands; {@code ./migscope demo} runs the
 * whole pipeline on the embedded stack.
 */
@Command(name = "migscope", mixinStandardHelpOptions = true, version = "migscope 0.1.0",
        description = "Watches VM live migrations: collectors -> Kafka -> Streams -> PostgreSQL, UI and alerts.",
        subcommands = {DemoCommand.class, ReplayCommand.class, RecordCommand.class, ResetCommand.class, ParseCommand.class,
                CollectCommand.class, StreamsCommand.class, SinkCommand.class, BenchCommand.class, ChaosCommand.class,
                RegistryCommand.class, SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Usage errors and bad configuration. */
    public static final int EXIT_USAGE = 2;
    /** Some input lines were rejected; the good ones were still used. */
    public static final int EXIT_REJECTED = 3;
    /** A run that could not complete (a replay that stalled): what was done and what is missing is on stderr. */
    public static final int EXIT_INCOMPLETE = 4;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Start-up figures count from the JVM's launch, not from here: class loading is part of what a user waits for.
        System.setProperty(StartupTimeline.LAUNCH_PROPERTY,
                String.valueOf(ManagementFactory.getRuntimeMXBean().getStartTime()));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main() and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ConfigException) {
                line.getErr().println("migscope: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
